import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { TransientError, type PermanentError } from './errors.js';
import type { S3ObjectRef } from './event.js';
import { writtenObject, type WrittenObject } from './outcome.js';
import { classifyS3Error } from './s3-errors.js';

/** What a rejected input leaves behind: a small JSON document next to the outputs. */
export interface RejectionRecord {
  readonly schema: 'pipeline.rejection/v1';
  readonly source: {
    readonly bucket: string;
    readonly key: string;
    readonly versionId?: string;
    readonly eTag?: string;
    readonly size?: number;
  };
  readonly error: {
    readonly name: string;
    readonly code: string;
    readonly message: string;
    readonly cause?: string;
  };
  readonly requestId?: string;
  readonly rejectedAt: string;
}

function causeName(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return undefined;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? `${cause.name} (${code})` : cause.name;
}

/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/**
 * The rejection key to use: the pipeline's own (derived from the source key) when it fits S3's
 * 1,024-byte limit, else `<rejected prefix>_long-keys/<sha256 of bucket/key>.json`. The record
 * inside still names the whole source key, so a long key is rejected, never lost to a failed write.
 *
 * @example fittingRejectionKey('rejected/a.jpg.json', object, 'rejected/') // 'rejected/a.jpg.json'
 */
export function fittingRejectionKey(
  preferred: string,
  object: Pick<S3ObjectRef, 'bucket' | 'key'>,
  rejectedPrefix: string,
): string {
  if (Buffer.byteLength(preferred, 'utf8') <= MAX_KEY_BYTES) return preferred;
  const digest = createHash('sha256').update(`${object.bucket}/${object.key}`).digest('hex');
  return `${rejectedPrefix}_long-keys/${digest}.json`;
}

/** Builds the rejection record of `object` failing with `error`. */
export function rejectionRecord(
  object: S3ObjectRef,
  error: PermanentError,
  requestId?: string,
  now: Date = new Date(),
): RejectionRecord {
  const cause = causeName(error.cause);
  return {
    schema: 'pipeline.rejection/v1',
    source: {
      bucket: object.bucket,
      key: object.key,
      versionId: object.versionId,
      eTag: object.eTag,
      size: object.size,
    },
    error: {
      name: error.name,
      code: error.code,
      message: error.message,
      ...(cause === undefined ? {} : { cause }),
    },
    requestId,
    rejectedAt: now.toISOString(),
  };
}

/**
 * Writes a rejection record as JSON to `bucket`/`key`. The key should derive from the input's
 * key only (e.g. `rejected/<relative key>.json`) so a repeated event overwrites, not duplicates.
 *
 * @returns the record as written (for the outcome record's `written` list).
 * @throws {TransientError} `REJECTION_WRITE_FAILED` when the write fails: the event must be
 *   retried rather than the rejection lost.
 */
export async function writeRejection(
  s3: S3Client,
  bucket: string,
  key: string,
  record: RejectionRecord,
): Promise<WrittenObject> {
  const body = `${JSON.stringify(record, null, 2)}\n`;
  try {
    const put = await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }),
    );
    return writtenObject(bucket, key, Buffer.byteLength(body), put.VersionId);
  } catch (error) {
    const classified = classifyS3Error(error, `PutObject ${key}`);
    throw new TransientError(
      'REJECTION_WRITE_FAILED',
      `Cannot write rejection record s3://${bucket}/${key}: ${classified.message}`,
      {
        cause: classified,
      },
    );
  }
}
