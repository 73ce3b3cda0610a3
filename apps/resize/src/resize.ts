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
  PermanentError,
  sourceMetadata,
  superseded,
  TransientError,
  written,
  type ObjectVersion,
  type ProcessResult,
  type S3ObjectRef,
  type WrittenObject,
} from '@pipeline/lambda-kit';
import type { ResizeConfig } from './config.js';
import { readSource } from './source.js';
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

/** How many times a handler re-renders when newer versions keep arriving while it writes. */
const MAX_REPAIRS = 3;

/** What rendering one version wrote, and which version it was. */
interface Rendered {
  readonly stored: WrittenObject[];
  readonly version: ObjectVersion;
  readonly bytes: number;
}

async function renderVersion(
  config: ResizeConfig,
  s3: S3Client,
  object: S3ObjectRef,
): Promise<Rendered | 'changed'> {
  const source = await readSource(s3, object, config.maxInputBytes).catch((error: unknown) => {
    // The event named an ETag and the key holds another now: a newer upload, with its own event.
    if (error instanceof PermanentError && error.code === 'OBJECT_CHANGED') return 'changed' as const;
    throw error;
  });
  if (source === 'changed') return source;
  const variants = await render(config, source.body);
  const writes = planWrites(config, object.key, variants);
  const stored = await putVariants(s3, config.destinationBucket, writes, sourceMetadata(object, source));
  return {
    stored,
    version: { versionId: source.versionId, eTag: source.eTag },
    bytes: source.body.byteLength,
  };
}

/**
 * Renders one uploaded image's variants into the destination bucket, so that they always describe
 * the key's current version (S3 delivers events at least once and in no order):
 * - an event for a version that is no longer current writes nothing: `superseded`;
 * - when a newer version arrives while this one is written, the variants may now hold the older
 *   picture over the newer one's: they are re-rendered from the current version (`superseded`,
 *   listing what the repair wrote).
 * (Keys outside the source prefix and the function's own folders never get here: lambda-kit skips them.)
 *
 * @throws {PermanentError} for bad input (recorded as a rejection); anything else is retried.
 */
export async function resizeObject(
  config: ResizeConfig,
  s3: S3Client,
  object: S3ObjectRef,
  repairs = 0,
): Promise<ProcessResult> {
  const before = await currentVersion(s3, object.bucket, object.key);
  if (!isCurrentVersion(object, before)) return superseded(before);
  const rendered = await renderVersion(config, s3, object);
  if (rendered === 'changed') return superseded(await currentVersion(s3, object.bucket, object.key));
  const after = await currentVersion(s3, object.bucket, object.key);
  if (after !== undefined && !isCurrentVersion(rendered.version, after))
    return repair(config, s3, object, after, repairs);
  return written('resized', rendered.stored, {
    measures: { variantsWritten: rendered.stored.length },
    source: { size: rendered.bytes, ...rendered.version },
  });
}

/** Re-renders from the current version after an older one was written over it. */
async function repair(
  config: ResizeConfig,
  s3: S3Client,
  object: S3ObjectRef,
  current: ObjectVersion,
  repairs: number,
): Promise<ProcessResult> {
  if (repairs >= MAX_REPAIRS)
    throw new TransientError(
      'SOURCE_UNSTABLE',
      `s3://${object.bucket}/${object.key} kept changing while it was resized`,
    );
  const result = await resizeObject(config, s3, { ...object, ...current }, repairs + 1);
  const rewritten = result.kind === 'written' || result.kind === 'superseded' ? (result.written ?? []) : [];
  return superseded(current, rewritten);
}
