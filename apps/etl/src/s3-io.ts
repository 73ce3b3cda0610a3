/**
 * S3 reads and writes of one object's run: the source's HEAD (size checked before any download),
 * its body pinned to what the HEAD saw, the outputs (s3-output.ts) and the manifest.
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { unlessNotFound, withS3Errors, type S3ObjectRef } from '@pipeline/lambda-kit';
import type { Manifest } from './manifest.js';
import { S3Output } from './s3-output.js';
import type { WrittenObject } from './sink.js';

export interface SourceHead {
  readonly eTag: string;
  readonly versionId?: string;
  readonly lastModified: Date;
  readonly size?: number;
}

/** HEADs the object the event names, pinned to its version when the event carries one. */
export async function headSource(s3: S3Client, object: S3ObjectRef): Promise<SourceHead> {
  const head = await withS3Errors(`HeadObject ${object.key}`, () =>
    s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key, VersionId: object.versionId })),
  );
  return {
    eTag: head.ETag ?? object.eTag ?? 'unknown',
    versionId: head.VersionId ?? object.versionId,
    lastModified: head.LastModified ?? new Date(0),
    size: head.ContentLength,
  };
}

/**
 * The object's bytes, fetched when first read: the version the HEAD saw (If-Match on its ETag, so
 * an overwrite in between is OBJECT_CHANGED rather than a different file than the one checked).
 */
export async function* sourceBody(
  s3: S3Client,
  object: S3ObjectRef,
  head: SourceHead,
): AsyncGenerator<Uint8Array> {
  const response = await withS3Errors(`GetObject ${object.key}`, () =>
    s3.send(
      new GetObjectCommand({
        Bucket: object.bucket,
        Key: object.key,
        VersionId: head.versionId,
        ...(head.eTag === 'unknown' ? {} : { IfMatch: head.eTag }),
      }),
    ),
  );
  yield* response.Body as AsyncIterable<Uint8Array>;
}

/**
 * The outputs of one object, each written to S3 while it is produced, each carrying `metadata`
 * (the source version it is made from).
 */
export function s3Outputs(
  s3: S3Client,
  bucket: string,
  keys: { parquet: string; ndjson: string; rejectedRows: string },
  metadata: Readonly<Record<string, string>>,
) {
  return {
    parquet: new S3Output(s3, bucket, keys.parquet, 'application/vnd.apache.parquet', { metadata }),
    ndjson: new S3Output(s3, bucket, keys.ndjson, 'application/x-ndjson', { queueSize: 4, metadata }),
    rejectedRows: new S3Output(s3, bucket, keys.rejectedRows, 'text/csv', { metadata }),
  };
}

export async function putJson(
  s3: S3Client,
  bucket: string,
  key: string,
  document: unknown,
): Promise<WrittenObject> {
  const body = `${JSON.stringify(document, null, 2)}\n`;
  const put = await withS3Errors(`PutObject ${key}`, () =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' })),
  );
  return {
    bucket,
    key,
    bytes: Buffer.byteLength(body),
    ...(put.VersionId ? { versionId: put.VersionId } : {}),
  };
}

/** The source key's manifest as last written, or undefined when it has none yet. */
export async function readManifest(s3: S3Client, bucket: string, key: string): Promise<Manifest | undefined> {
  const response = await unlessNotFound(`GetObject s3://${bucket}/${key}`, () =>
    s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
  );
  if (response === undefined) return undefined;
  const text = await withS3Errors(`GetObject s3://${bucket}/${key}`, async () =>
    response.Body ? response.Body.transformToString() : '',
  );
  return JSON.parse(text) as Manifest;
}
