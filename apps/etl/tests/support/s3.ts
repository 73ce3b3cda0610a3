import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { readBody } from '@pipeline/testing';

/** Every key in a bucket (under `prefix`), sorted. */
export async function listKeys(s3: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return keys.sort();
}

/** Uploads an object and returns what S3 puts in the event for it. */
export async function upload(s3: S3Client, bucket: string, key: string, body: Buffer | string) {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const response = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
  return { bucket, key, size: bytes.length, eTag: response.ETag?.replace(/"/g, ''), versionId: response.VersionId };
}

export async function readJson<T = Record<string, unknown>>(s3: S3Client, bucket: string, key: string): Promise<T> {
  return JSON.parse((await readBody(s3, bucket, key)).toString('utf8')) as T;
}

export async function readText(s3: S3Client, bucket: string, key: string): Promise<string> {
  return (await readBody(s3, bucket, key)).toString('utf8');
}
