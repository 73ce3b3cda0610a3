import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { readBody } from '@pipeline/testing';

export { listKeys } from '@pipeline/testing';

/** Uploads an object and returns what S3 puts in the event for it. */
export async function upload(s3: S3Client, bucket: string, key: string, body: Buffer | string) {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const response = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
  return {
    bucket,
    key,
    size: bytes.length,
    eTag: response.ETag?.replace(/"/g, ''),
    versionId: response.VersionId,
  };
}

export async function readJson<T = Record<string, unknown>>(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<T> {
  return JSON.parse((await readBody(s3, bucket, key)).toString('utf8')) as T;
}

export async function readText(s3: S3Client, bucket: string, key: string): Promise<string> {
  return (await readBody(s3, bucket, key)).toString('utf8');
}
