import type { S3Client } from '@aws-sdk/client-s3';
import {
  ImageInputError,
  ImageProcessingError,
  renderVariants,
  type RenderedVariant,
} from '@pipeline/image-core';
import {
  currentVersion,
  isCurrentVersion,
  keepOutputsCurrent,
  PermanentError,
  sourceMetadata,
  superseded,
  TransientError,
  written,
  type OnSourceRemoved,
  type ProcessResult,
  type S3ObjectRef,
  type VersionCheck,
  type VersionWrite,
} from '@pipeline/lambda-kit';
import type { ResizeConfig } from './config.js';
import { readSource, type SourceObject } from './source.js';
import { planWrites, putVariants } from './variants.js';

/**
 * image-core's verdict in lambda-kit's terms: a bad input (empty, not an image, corrupt, too
 * many pixels) is permanent, keeping image-core's code; a failure after a good decode is
 * transient; anything else propagates as is (and is retried).
 */
export function classifyImageError(error: unknown): unknown {
  if (error instanceof ImageInputError)
    return new PermanentError(error.code, error.message, { cause: error });
  if (error instanceof ImageProcessingError)
    return new TransientError('IMAGE_PROCESSING_FAILED', error.message, { cause: error });
  return error;
}

async function render(config: ResizeConfig, body: Buffer): Promise<RenderedVariant[]> {
  try {
    return await renderVariants(body, config.variants, { maxPixels: config.maxInputPixels });
  } catch (error) {
    throw classifyImageError(error);
  }
}

/** Whether the attempt's version is the key's current one; reads its bytes when it is. */
async function checkSource(
  config: ResizeConfig,
  s3: S3Client,
  object: S3ObjectRef,
): Promise<VersionCheck<SourceObject>> {
  const before = await currentVersion(s3, object.bucket, object.key);
  if (!isCurrentVersion(object, before)) return { outcome: superseded(before) };
  const source = await readSource(s3, object, config.maxInputBytes).catch((error: unknown) => {
    // The event named an ETag and the key holds another now: a newer upload, with its own event.
    if (error instanceof PermanentError && error.code === 'OBJECT_CHANGED') return 'changed' as const;
    throw error;
  });
  if (source === 'changed')
    return { outcome: superseded(await currentVersion(s3, object.bucket, object.key)) };
  return { proceed: source };
}

/** Renders the checked version's variants and writes them. */
async function renderVersion(
  config: ResizeConfig,
  s3: S3Client,
  object: S3ObjectRef,
  source: SourceObject,
): Promise<VersionWrite> {
  const variants = await render(config, source.body);
  const writes = planWrites(config, object.key, variants);
  const stored = await putVariants(s3, config.destinationBucket, writes, sourceMetadata(object, source));
  const version = { versionId: source.versionId, eTag: source.eTag };
  return {
    version,
    result: written('resized', stored, {
      measures: { variantsWritten: stored.length },
      source: { size: source.body.byteLength, ...version },
    }),
  };
}

/**
 * Renders one uploaded image's variants into the destination bucket, so that they always describe
 * the key's current version (S3 delivers events at least once and in no order; lambda-kit's
 * {@link keepOutputsCurrent} keeps the discipline):
 * - an event for a version that is no longer current writes nothing: `superseded`;
 * - when a newer version arrives while this one is written, the variants may now hold the older
 *   picture over the newer one's: they are re-rendered from the current version (`superseded`,
 *   listing what the repair wrote).
 * (Keys outside the source prefix and the function's own folders never get here: lambda-kit skips them.)
 *
 * @throws {PermanentError} for bad input (recorded as a rejection); anything else is retried.
 */
export function resizeObject(
  config: ResizeConfig,
  s3: S3Client,
  object: S3ObjectRef,
  onSourceRemoved: OnSourceRemoved = 'keep',
): Promise<ProcessResult> {
  return keepOutputsCurrent(object, {
    s3,
    action: 'resized',
    onSourceRemoved,
    check: (attempt) => checkSource(config, s3, attempt.object),
    work: (source, attempt) => renderVersion(config, s3, attempt.object, source),
  });
}
