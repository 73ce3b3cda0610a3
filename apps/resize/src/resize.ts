import type { S3Client } from '@aws-sdk/client-s3';
import {
  ImageInputError,
  ImageProcessingError,
  renderVariants,
  type RenderedVariant,
} from '@pipeline/image-core';
import {
  PermanentError,
  TransientError,
  written,
  type ProcessResult,
  type S3ObjectRef,
} from '@pipeline/lambda-kit';
import type { ResizeConfig } from './config.js';
import { readSource } from './source.js';
import { planWrites, putVariants, sourceMetadata } from './variants.js';

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
 * Renders one uploaded image's variants into the destination bucket; the outcome lists every
 * variant written. (Keys outside the source prefix and the function's own folders never get
 * here: lambda-kit skips them.)
 *
 * @throws {PermanentError} for bad input (recorded as a rejection); anything else is retried.
 */
export async function resizeObject(
  config: ResizeConfig,
  s3: S3Client,
  object: S3ObjectRef,
): Promise<ProcessResult> {
  const source = await readSource(s3, object, config.maxInputBytes);
  const variants = await render(config, source.body);
  const writes = planWrites(config, object.key, variants);
  const stored = await putVariants(s3, config.destinationBucket, writes, sourceMetadata(object, source));
  return written('resized', stored, {
    measures: { variantsWritten: stored.length },
    source: { size: source.body.byteLength, versionId: source.versionId, eTag: source.eTag },
  });
}
