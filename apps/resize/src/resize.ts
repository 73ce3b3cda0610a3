import type { S3Client } from '@aws-sdk/client-s3';
import {
  ImageInputError,
  ImageProcessingError,
  renderVariants,
  type RenderedVariant,
} from '@pipeline/image-core';
import {
  createS3Handler,
  PermanentError,
  rejectionRecord,
  relativeKey,
  TransientError,
  writeRejection,
  type Log,
  type ObjectResult,
  type S3EventHandler,
  type S3ObjectRef,
} from '@pipeline/lambda-kit';
import type { ResizeConfig } from './config.js';
import { rejectionKey } from './key-layout.js';
import { ownFolderOf } from './recursion-guard.js';
import { readSource } from './source.js';
import { planWrites, putVariants, sourceMetadata } from './variants.js';

/** What the resize function works with; tests pass their own. */
export interface ResizeDeps {
  readonly config: ResizeConfig;
  readonly s3: S3Client;
  readonly log: Log;
}

/** Records handled at once: S3 sends one per event, and sharp already uses every core per image. */
const RECORD_CONCURRENCY = 2;

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

/**
 * Renders one uploaded image's variants into the destination bucket, or refuses it when it lies
 * in the function's own output folders (the recursion guard: logged, nothing written).
 *
 * @throws {PermanentError} for bad input (recorded by {@link rejectObject}); anything else is retried.
 */
export async function resizeObject(
  deps: ResizeDeps,
  object: S3ObjectRef,
  requestId: string,
): Promise<ObjectResult> {
  const { config, s3, log } = deps;
  const ownFolder = ownFolderOf(config, object.bucket, object.key);
  if (ownFolder !== undefined) {
    const attributes = {
      requestId,
      bucket: object.bucket,
      key: object.key,
      versionId: object.versionId,
      folder: ownFolder,
    };
    log.warn("recursion guard: refusing an object in the function's own folder", attributes);
    return { outcome: 'refused', reason: `RECURSION_${ownFolder.toUpperCase()}` };
  }
  relativeKey(object.key, config.sourcePrefix); // a key outside SOURCE_PREFIX is refused before any download
  const source = await readSource(s3, object, config.maxInputBytes);
  const variants = await render(config, source.body);
  const writes = planWrites(config, object.key, variants);
  await putVariants(s3, config.destinationBucket, writes, sourceMetadata(object, source));
  return {
    outcome: 'resized',
    inputBytes: source.body.byteLength,
    variants: writes.map(({ key, variant }) => ({
      key,
      width: variant.width,
      height: variant.height,
      bytes: variant.data.byteLength,
    })),
  };
}

/** Writes `<rejected prefix><relative key>.json`; a failed write throws, so the event is retried. */
export async function rejectObject(
  deps: ResizeDeps,
  object: S3ObjectRef,
  error: PermanentError,
  requestId: string,
): Promise<void> {
  const key = rejectionKey(deps.config, object.key);
  await writeRejection(
    deps.s3,
    deps.config.destinationBucket,
    key,
    rejectionRecord(object, error, requestId),
  );
}

/**
 * The Lambda handler over {@link resizeObject}: every record, one structured log line each,
 * bad inputs recorded, transient failures thrown together so Lambda retries the event.
 */
export function createResizeHandler(deps: ResizeDeps): S3EventHandler {
  return createS3Handler({
    log: deps.log,
    concurrency: RECORD_CONCURRENCY,
    processObject: (object, requestId) => resizeObject(deps, object, requestId),
    rejectObject: (object, error, requestId) => rejectObject(deps, object, error, requestId),
  });
}
