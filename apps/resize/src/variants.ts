import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { RenderedVariant } from '@pipeline/image-core';
import {
  PermanentError,
  processBatch,
  withS3Errors,
  writtenObject,
  type WrittenObject,
} from '@pipeline/lambda-kit';
import type { ResizeConfig } from './config.js';
import { fitsKeyLimit, MAX_KEY_BYTES, variantKey } from './key-layout.js';

/**
 * A re-upload rewrites the variants under the same keys, so they are not `immutable`: caches keep
 * them an hour, then revalidate (their ETag changes with the content). Put a version in the URL
 * where a change must show at once.
 */
export const VARIANT_CACHE_CONTROL = 'public, max-age=3600';

/** One variant as it lands in the destination bucket. */
export interface VariantWrite {
  readonly key: string;
  readonly variant: RenderedVariant;
}

/**
 * Where each variant goes. Checked before anything is written, so an over-long key is one
 * rejection, not a half-written set.
 *
 * @throws {PermanentError} `OUTPUT_KEY_TOO_LONG` when a variant key exceeds S3's 1024 bytes.
 */
export function planWrites(
  config: ResizeConfig,
  sourceKey: string,
  variants: readonly RenderedVariant[],
): VariantWrite[] {
  return variants.map((variant) => {
    const key = variantKey(config, sourceKey, variant.name, variant.extension);
    if (!fitsKeyLimit(key)) {
      throw new PermanentError(
        'OUTPUT_KEY_TOO_LONG',
        `Variant key for ${variant.name} exceeds ${MAX_KEY_BYTES} bytes: ${key.slice(0, 80)}...`,
      );
    }
    return { key, variant };
  });
}

/**
 * Puts every variant (a few at once). Same source key, same output keys: a repeated event
 * overwrites, never duplicates.
 *
 * @returns each variant as written, in plan order.
 */
export async function putVariants(
  s3: S3Client,
  bucket: string,
  writes: readonly VariantWrite[],
  metadata: Record<string, string>,
): Promise<WrittenObject[]> {
  return processBatch(
    writes,
    4,
    async ({ key, variant }) => {
      const put = await withS3Errors(`PutObject s3://${bucket}/${key}`, () =>
        s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: variant.data,
            ContentType: variant.contentType,
            CacheControl: VARIANT_CACHE_CONTROL,
            Metadata: metadata,
          }),
        ),
      );
      const { width, height, format } = variant;
      // What was rendered travels with the object: the catalog lists it per variant.
      return { ...writtenObject(bucket, key, variant.data.byteLength, put.VersionId), width, height, format };
    },
    { what: 'variants' },
  );
}
