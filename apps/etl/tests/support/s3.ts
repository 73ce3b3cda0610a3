import { manifestKey, shortEtag, sourceStem } from '../../src/keys.js';
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

/** The name part of every output key of `key` at `eTag`: `<name>-<source tag>-<short etag>` (src/keys.ts). */
export function stemOf(key: string, eTag: string): string {
  return `${sourceStem(key)}-${shortEtag(eTag)}`;
}

/** The key's manifest (one per source key), as src/keys.ts names it. */
export function manifestOf(dataset: string, key: string): string {
  return manifestKey(key, { name: dataset }, { curated: 'curated/' });
}

/** The key's whole-file rejection record (one per source key). */
export function rejectionOf(dataset: string, key: string): string {
  return `rejected/${dataset}/${sourceStem(key)}.rejection.json`;
}
