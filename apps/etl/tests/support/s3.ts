import type { S3Client } from '@aws-sdk/client-s3';
import { putObjectForEvent, readBody } from '@pipeline/testing';

export { listKeys } from '@pipeline/testing';

/** Uploads an object and returns what S3 puts in the event for it. */
export function upload(s3: S3Client, bucket: string, key: string, body: Buffer | string) {
  return putObjectForEvent(s3, { Bucket: bucket, Key: key, Body: body });
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
