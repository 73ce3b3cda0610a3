import { outputFormatInfo } from '@pipeline/image-core';
import { relativeKey } from '@pipeline/lambda-kit';
import type { ResizeConfig } from './config.js';

/** The prefixes that decide where a source key's outputs land. */
export type KeyLayout = Pick<ResizeConfig, 'sourcePrefix' | 'outputPrefix' | 'rejectedPrefix'>;

/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/**
 * `<output prefix><variant>/<key below the source prefix>.<output extension>`. The whole source key is
 * kept, extension included, and exactly one extension is appended: so `cat.jpg`, `cat.jpeg` and
 * `cat.tiff` in one folder get three sets of variants (`cat.jpg.jpg`, `cat.jpeg.jpg`, `cat.tiff.jpg`),
 * and no two source keys can share an output key.
 *
 * @example variantKey(layout, 'uploads/2024/cat.jpeg', 'thumbnail', 'jpg') // 'variants/thumbnail/2024/cat.jpeg.jpg'
 * @throws {PermanentError} `KEY_OUTSIDE_PREFIX` when the key is not under the source prefix.
 */
export function variantKey(layout: KeyLayout, sourceKey: string, variant: string, extension: string): string {
  return `${layout.outputPrefix}${variant}/${relativeKey(sourceKey, layout.sourcePrefix)}.${extension}`;
}

/**
 * `<rejected prefix><key below the source prefix>.json`. A key outside the source prefix (a
 * notification filter wider than the configuration) keeps its whole key, so it is still recorded.
 */
export function rejectionKey(layout: KeyLayout, sourceKey: string): string {
  const relative = sourceKey.startsWith(layout.sourcePrefix)
    ? sourceKey.slice(layout.sourcePrefix.length)
    : sourceKey;
  return `${layout.rejectedPrefix}${relative}.json`;
}

/** Every extension a variant can have (image-core's output formats). */
const OUTPUT_EXTENSIONS = (['jpeg', 'png', 'webp', 'avif', 'gif'] as const).map(
  (format) => outputFormatInfo(format).extension,
);

/**
 * Every key where a variant of `sourceKey` can be: each configured variant in each output format.
 * A re-upload in another format writes other keys; the rest no longer describe the key.
 */
export function possibleVariantKeys(
  layout: KeyLayout & { readonly variants: readonly string[] },
  sourceKey: string,
): string[] {
  return layout.variants.flatMap((variant) =>
    OUTPUT_EXTENSIONS.map((extension) => variantKey(layout, sourceKey, variant, extension)),
  );
}

/** True when a key fits S3's 1024-byte limit. */
export function fitsKeyLimit(key: string): boolean {
  return Buffer.byteLength(key, 'utf8') <= MAX_KEY_BYTES;
}
