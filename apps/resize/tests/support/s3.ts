import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { putObjectForEvent, readBody } from '@pipeline/testing';

export { listKeys } from '@pipeline/testing';

/** Uploads an object and returns what S3 puts in the event for it. */
export function upload(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Buffer,
  contentType = 'application/octet-stream',
) {
  return putObjectForEvent(s3, { Bucket: bucket, Key: key, Body: body, ContentType: contentType });
}

/** An output object: its body and the headers the function set. */
export async function readOutput(s3: S3Client, bucket: string, key: string) {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return {
    body: await readBody(s3, bucket, key),
    contentType: head.ContentType,
    cacheControl: head.CacheControl,
    metadata: head.Metadata ?? {},
  };
}

/** A rejection record, parsed. */
export async function readRejection(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<Record<string, unknown>> {
  return JSON.parse((await readBody(s3, bucket, key)).toString('utf8')) as Record<string, unknown>;
}
