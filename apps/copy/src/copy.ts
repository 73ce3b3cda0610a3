import { CopyObjectCommand, type S3Client, type Tag } from '@aws-sdk/client-s3';
import {
  rejectionRecord,
  withS3Errors,
  writeRejection,
  type Log,
  type ObjectResult,
  type PermanentError,
  type S3ObjectRef,
} from '@pipeline/lambda-kit';
import type { CopyConfig } from './config.js';
import { destinationHeaders, destinationTags, taggingHeader } from './headers.js';
import {
  alreadyCopied,
  metadataHasRoom,
  sourceIdentity,
  tagsHaveRoom,
  type IdentityPlacement,
} from './identity.js';
import { multipartCopy } from './multipart.js';
import { destinationKeyFor, isOwnRejectionRecord, rejectionKeyFor } from './routing.js';
import { copySourceOf, eventSource, sourceTags, type SourceObject } from './source.js';

/** What the copy needs besides its configuration (injected, so tests pass their own). */
export interface CopyDeps {
  readonly s3: S3Client;
  readonly log: Log;
}

interface WritePlan {
  readonly source: SourceObject;
  readonly key: string;
  readonly identity: string;
  readonly placement: IdentityPlacement;
  /** The source's tags; only read when the write must set them itself. */
  readonly tags?: readonly Tag[];
}

async function planWrite(
  config: CopyConfig,
  s3: S3Client,
  source: SourceObject,
  key: string,
  identity: string,
): Promise<WritePlan> {
  const multipart = source.size > config.multipartThresholdBytes;
  if (metadataHasRoom(source.metadata)) {
    return {
      source,
      key,
      identity,
      placement: 'metadata',
      tags: multipart ? await sourceTags(s3, source) : undefined,
    };
  }
  const tags = await sourceTags(s3, source);
  return { source, key, identity, placement: tagsHaveRoom(tags) ? 'tag' : 'none', tags };
}

async function singleCopy(config: CopyConfig, s3: S3Client, plan: WritePlan): Promise<void> {
  const tagging =
    plan.tags === undefined
      ? { TaggingDirective: 'COPY' as const }
      : {
          TaggingDirective: 'REPLACE' as const,
          Tagging: taggingHeader(destinationTags(plan.tags, plan.identity, plan.placement)),
        };
  await withS3Errors(`CopyObject s3://${config.destinationBucket}/${plan.key}`, () =>
    s3.send(
      new CopyObjectCommand({
        Bucket: config.destinationBucket,
        Key: plan.key,
        CopySource: copySourceOf(plan.source),
        CopySourceIfMatch: plan.source.eTag,
        MetadataDirective: 'REPLACE',
        ...destinationHeaders(config, plan.source, plan.identity, plan.placement),
        ...tagging,
      }),
    ),
  );
}

async function write(config: CopyConfig, deps: CopyDeps, plan: WritePlan): Promise<Record<string, unknown>> {
  if (plan.source.size <= config.multipartThresholdBytes) {
    await singleCopy(config, deps.s3, plan);
    return { method: 'copy-object' };
  }
  const parts = await multipartCopy(deps.s3, deps.log, {
    source: plan.source,
    bucket: config.destinationBucket,
    key: plan.key,
    headers: destinationHeaders(config, plan.source, plan.identity, plan.placement),
    tagging: taggingHeader(destinationTags(plan.tags ?? [], plan.identity, plan.placement)),
    partSizeBytes: config.partSizeBytes,
    partConcurrency: config.partConcurrency,
  });
  return { method: 'multipart', parts };
}

/**
 * Copies one created object to the destination, server side, keeping its headers, user
 * metadata and tags. Outcomes: `copied`; `skipped` (this source version is already there: a
 * repeated event); `superseded` (the source was overwritten since the event, or has a newer
 * version: the newer object's own event copies it); `ignored` (our own rejection record).
 *
 * @throws {PermanentError} bad input (deleted object, key outside the prefix, loop), recorded by the caller.
 * @throws {TransientError} anything to retry.
 */
export async function copyObject(
  config: CopyConfig,
  deps: CopyDeps,
  object: S3ObjectRef,
): Promise<ObjectResult> {
  if (isOwnRejectionRecord(config, object)) return { outcome: 'ignored', reason: 'own-rejection-record' };
  const key = destinationKeyFor(config, object);
  const source = await eventSource(deps.s3, object);
  if (source === undefined) return { outcome: 'superseded', destinationKey: key };
  const identity = sourceIdentity(source);
  if (await alreadyCopied(deps.s3, config.destinationBucket, key, identity)) {
    return { outcome: 'skipped', reason: 'already-copied', destinationKey: key };
  }
  const plan = await planWrite(config, deps.s3, source, key, identity);
  if (plan.placement === 'none')
    deps.log.warn('source identity not recorded: metadata and tags full', {
      bucket: object.bucket,
      key: object.key,
    });
  const written = await write(config, deps, plan);
  return {
    outcome: 'copied',
    destinationKey: key,
    bytes: source.size,
    identityPlacement: plan.placement,
    ...written,
  };
}

/** Writes the rejection record of a permanently failed object under the rejected prefix of the destination bucket. */
export async function recordRejection(
  config: CopyConfig,
  s3: S3Client,
  object: S3ObjectRef,
  error: PermanentError,
  requestId: string,
): Promise<void> {
  await writeRejection(
    s3,
    config.destinationBucket,
    rejectionKeyFor(config, object),
    rejectionRecord(object, error, requestId),
  );
}
