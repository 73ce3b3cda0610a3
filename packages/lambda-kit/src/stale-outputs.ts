/**
 * Removes outputs a source key no longer has: a re-upload whose variants now have another
 * extension, a rejection record left by an earlier bad version, the variants of an earlier good
 * version once a new version is rejected. Outputs always describe the key's current version.
 */
import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { errorCode, TransientError } from './errors.js';
import type { FailedOutcome, ObjectOutcome } from './outcome.js';
import { MAX_KEY_BYTES } from './rejection.js';
import { withS3Errors } from './s3-errors.js';

/** DeleteObjects takes at most 1,000 keys a request. */
const KEYS_PER_REQUEST = 1000;

/**
 * Deletes `keys` from `bucket` (keys that do not exist cost nothing and are not errors). Needs
 * `s3:DeleteObject` on their prefixes.
 *
 * @throws {TransientError} `STALE_OUTPUTS_NOT_REMOVED` when S3 refuses any key: the event is retried,
 *   rather than leaving outputs that describe another version.
 */
export async function removeStaleOutputs(
  s3: S3Client,
  bucket: string,
  keys: readonly string[],
): Promise<void> {
  for (let start = 0; start < keys.length; start += KEYS_PER_REQUEST) {
    const chunk = keys.slice(start, start + KEYS_PER_REQUEST);
    const result = await withS3Errors(`DeleteObjects s3://${bucket} (${chunk.length} stale outputs)`, () =>
      s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true },
        }),
      ),
    );
    const refused = result.Errors ?? [];
    if (refused.length > 0)
      throw new TransientError(
        'STALE_OUTPUTS_NOT_REMOVED',
        `S3 refused to delete ${refused.length} stale output(s) in ${bucket}, e.g. ${refused[0]?.Key}: ${refused[0]?.Code}`,
      );
  }
}

/** True when the outcome wrote outputs (or a rejection record): only then can others have gone stale. */
export function rewroteOutputs(outcome: ObjectOutcome): boolean {
  return (
    outcome.kind === 'written' ||
    outcome.kind === 'rejected' ||
    (outcome.kind === 'superseded' && outcome.written.length > 0)
  );
}

/** The listed keys the outcome did not write itself (and that S3 could hold at all: 1,024 bytes at most). */
export function staleKeys(outcome: ObjectOutcome, listed: readonly string[]): string[] {
  const kept = new Set(outcome.written.map((o) => o.key));
  return [...new Set(listed)].filter(
    (key) => !kept.has(key) && Buffer.byteLength(key, 'utf8') <= MAX_KEY_BYTES,
  );
}

/** The record of an object whose outputs were written but whose stale ones could not be removed. */
export function failedAfter(outcome: ObjectOutcome, error: unknown): FailedOutcome {
  const { schema, pipeline, requestId, source, written, durationMs, measures } = outcome;
  return {
    schema,
    pipeline,
    requestId,
    source,
    written,
    durationMs,
    ...(measures === undefined ? {} : { measures }),
    kind: 'failed',
    code: errorCode(error),
    message: error instanceof Error ? error.message : String(error),
    retried: true,
  };
}
