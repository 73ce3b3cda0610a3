/**
 * S3 reads and writes as streams: the source object's body, and multipart uploads fed from a
 * byte sink (lib-storage buffers at most queueSize x partSize bytes).
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { classifyS3Error, type S3ObjectRef } from '@pipeline/lambda-kit';
import { createReadStream } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { writableSink, type ByteSink } from './sink.js';

export interface SourceObject {
  readonly body: AsyncIterable<Uint8Array>;
  readonly eTag: string;
  readonly versionId?: string;
  readonly lastModified: Date;
  readonly size?: number;
}

/** Opens the object the event names, pinned to its version when the event carries one. */
export async function openSource(s3: S3Client, object: S3ObjectRef): Promise<SourceObject> {
  try {
    const response = await s3.send(
      new GetObjectCommand({ Bucket: object.bucket, Key: object.key, VersionId: object.versionId }),
    );
    return {
      body: response.Body as AsyncIterable<Uint8Array>,
      eTag: response.ETag ?? object.eTag ?? 'unknown',
      versionId: response.VersionId ?? object.versionId,
      lastModified: response.LastModified ?? new Date(0),
      size: response.ContentLength,
    };
  } catch (error) {
    throw classifyS3Error(error, `GetObject ${object.key}`);
  }
}

/** An upload in progress: write through `sink`, or abort it. */
export interface UploadSink {
  readonly sink: ByteSink;
  abort(): Promise<void>;
}

export function uploadSink(s3: S3Client, bucket: string, key: string, contentType: string): UploadSink {
  const body = new PassThrough({ highWaterMark: 1 << 20 });
  const upload = new Upload({
    client: s3,
    params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType },
    queueSize: 2,
    partSize: 8 * 1024 * 1024,
  });
  const done = upload.done().then(
    () => undefined,
    (error: unknown) => Promise.reject(classifyS3Error(error, `Upload ${key}`)),
  );
  done.catch(() => undefined); // observed by end(); an abort must not surface as unhandled
  return {
    sink: writableSink(body, () => done),
    abort: async () => {
      body.destroy();
      await upload.abort().catch(() => undefined);
    },
  };
}

/** The files' bytes one after another, as one stream. */
function joined(paths: readonly string[]): Readable {
  return Readable.from(
    (async function* () {
      for (const path of paths) yield* createReadStream(path, { highWaterMark: 1 << 20 });
    })(),
    { objectMode: false },
  );
}

/** Uploads local files, joined in order, as one object streamed from disk (multipart for large ones). */
export async function uploadFiles(
  s3: S3Client,
  bucket: string,
  key: string,
  paths: readonly string[],
  contentType: string,
): Promise<void> {
  const upload = new Upload({
    client: s3,
    params: { Bucket: bucket, Key: key, Body: joined(paths), ContentType: contentType },
    queueSize: 2,
    partSize: 8 * 1024 * 1024,
  });
  try {
    await upload.done();
  } catch (error) {
    throw classifyS3Error(error, `Upload ${key}`);
  }
}

export async function putJson(s3: S3Client, bucket: string, key: string, document: unknown): Promise<number> {
  const body = `${JSON.stringify(document, null, 2)}\n`;
  try {
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }),
    );
  } catch (error) {
    throw classifyS3Error(error, `PutObject ${key}`);
  }
  return Buffer.byteLength(body);
}
