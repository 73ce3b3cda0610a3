import { CopyObjectCommand, type S3Client, type Tag } from '@aws-sdk/client-s3';
import {
  currentVersion,
  keepOutputsCurrent,
  skipped,
  sourceIdentity,
  superseded,
  unquotedETag,
  withS3Errors,
  written,
  writtenObject,
  type Log,
  type OnSourceRemoved,
  type ProcessResult,
  type S3ObjectRef,
  type VersionCheck,
  type VersionWrite,
} from '@pipeline/lambda-kit';
import type { CopyConfig } from './config.js';
import { destinationHeaders, destinationTags, taggingHeader } from './headers.js';
import { alreadyCopied, metadataHasRoom, tagsHaveRoom, type IdentityPlacement } from './identity.js';
import { multipartCopy } from './multipart.js';
import { destinationKeyFor } from './routing.js';
import { copySourceOf, eventSource, sourceTags, type SourceObject } from './source.js';

/** What the copy needs besides its configuration (injected, so tests pass their own). */
export interface CopyDeps {
  readonly s3: S3Client;
  readonly log: Log;
  /** PipelineContext.onSourceRemoved: `remove-outputs` copies no source removed since its event. @default 'keep' */
  readonly onSourceRemoved?: OnSourceRemoved;
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

/** What a write did: how many parts it took and the destination version it made. */
interface WriteResult {
  readonly parts: number;
  readonly versionId?: string;
}

async function singleCopy(config: CopyConfig, s3: S3Client, plan: WritePlan): Promise<WriteResult> {
  const tagging =
    plan.tags === undefined
      ? { TaggingDirective: 'COPY' as const }
      : {
          TaggingDirective: 'REPLACE' as const,
          Tagging: taggingHeader(destinationTags(plan.tags, plan.identity, plan.placement)),
        };
  const copied = await withS3Errors(`CopyObject s3://${config.destinationBucket}/${plan.key}`, () =>
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
  return { parts: 1, versionId: copied.VersionId };
}

async function write(config: CopyConfig, deps: CopyDeps, plan: WritePlan): Promise<WriteResult> {
  if (plan.source.size <= config.multipartThresholdBytes) return singleCopy(config, deps.s3, plan);
  return multipartCopy(deps.s3, deps.log, {
    source: plan.source,
    bucket: config.destinationBucket,
    key: plan.key,
    headers: destinationHeaders(config, plan.source, plan.identity, plan.placement),
    tagging: taggingHeader(destinationTags(plan.tags ?? [], plan.identity, plan.placement)),
    partSizeBytes: config.partSizeBytes,
    partConcurrency: config.partConcurrency,
  });
}

/** What the check read: the source version to copy, and the identity its copy carries. */
interface CheckedSource {
  readonly source: SourceObject;
  readonly identity: string;
}

/** Whether the attempt's version is the key's current one and not copied yet. */
async function checkSource(
  config: CopyConfig,
  s3: S3Client,
  object: S3ObjectRef,
): Promise<VersionCheck<CheckedSource>> {
  const source = await eventSource(s3, object);
  if (source === undefined)
    return { outcome: superseded(await currentVersion(s3, object.bucket, object.key)) };
  const identity = sourceIdentity(source);
  const key = destinationKeyFor(config, object);
  const found = await alreadyCopied(s3, config.destinationBucket, key, identity);
  // Listed, so the catalog item names the copy even when the invocation that made it could not.
  if (found !== undefined)
    return {
      outcome: skipped('duplicate', [
        writtenObject(config.destinationBucket, key, found.bytes, found.versionId),
      ]),
    };
  return { proceed: { source, identity } };
}

/** Copies the checked version. */
async function copyVersion(
  config: CopyConfig,
  deps: CopyDeps,
  object: S3ObjectRef,
  { source, identity }: CheckedSource,
): Promise<VersionWrite> {
  const key = destinationKeyFor(config, object);
  const plan = await planWrite(config, deps.s3, source, key, identity);
  if (plan.placement === 'none')
    deps.log.warn('source identity not recorded: metadata and tags full', {
      bucket: object.bucket,
      key: object.key,
    });
  const result = await write(config, deps, plan);
  const copied = { versionId: source.versionId, eTag: unquotedETag(source.eTag) };
  return {
    version: copied,
    result: written('copied', [writtenObject(config.destinationBucket, key, source.size, result.versionId)], {
      measures: { parts: result.parts },
      source: { ...copied, size: source.size },
    }),
  };
}

/**
 * Copies one created object to the destination, server side, keeping its headers, user
 * metadata and tags, so that the destination always holds the key's current version (S3
 * delivers events at least once and in no order; lambda-kit's {@link keepOutputsCurrent} keeps
 * the discipline). Outcomes: `written` (`copied`, the copy listed with its size and version);
 * `skipped` as a `duplicate` (this source version is already there: a repeated event);
 * `superseded` (the source was overwritten since the event, or has a newer version: the newer
 * object's own event copies it). When a newer version arrives while this copy is written, the
 * older copy may have landed over the newer one's: the copy is redone from the current version
 * (`superseded`, listing the repair's write).
 *
 * @throws {PermanentError} bad input (deleted object, loop), recorded by the kit as a rejection.
 * @throws {TransientError} anything to retry.
 */
export function copyObject(config: CopyConfig, deps: CopyDeps, object: S3ObjectRef): Promise<ProcessResult> {
  return keepOutputsCurrent(object, {
    s3: deps.s3,
    action: 'copied',
    onSourceRemoved: deps.onSourceRemoved ?? 'keep',
    check: (attempt) => checkSource(config, deps.s3, attempt.object),
    work: (checked, attempt) => copyVersion(config, deps, attempt.object, checked),
  });
}
