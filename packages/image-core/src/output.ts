import type { OutputInfo, Sharp } from 'sharp';
import { outputFormatInfo } from './formats.js';
import type { VariantPlan } from './plan.js';
import type { OutputFormat, RenderedVariant } from './types.js';

type Encoder = (image: Sharp, quality: number) => Sharp;

/** One encoder per output format; sharp's defaults elsewhere (4:2:0 JPEG, PNG level 6). */
const encoders: Readonly<Record<OutputFormat, Encoder>> = {
  jpeg: (image, quality) => image.jpeg({ quality }),
  png: (image) => image.png(),
  webp: (image, quality) => image.webp({ quality }),
  avif: (image, quality) => image.avif({ quality }),
  gif: (image) => image.gif(),
};

/**
 * Applies the variant's encoder and the metadata policy. By default sharp writes no EXIF, XMP
 * or ICC (orientation is already baked in, colour already sRGB); `keepMetadata` keeps EXIF
 * (GPS included) and XMP and tags the output as sRGB.
 */
export function encode(image: Sharp, plan: VariantPlan, keepMetadata: boolean): Sharp {
  // JPEG has no alpha: flatten onto the background (a no-op for opaque images).
  const flattened = outputFormatInfo(plan.format).hasAlpha
    ? image
    : image.flatten({ background: plan.background });
  const withMetadata = keepMetadata ? flattened.keepExif().keepXmp().withIccProfile('srgb') : flattened;
  return encoders[plan.format](withMetadata, plan.quality);
}

/** Shapes sharp's output into the public result. */
export function toRenderedVariant(plan: VariantPlan, data: Buffer, info: OutputInfo): RenderedVariant {
  const { contentType, extension } = outputFormatInfo(plan.format);
  // For animated output sharp reports the stacked height; the page height is what callers want.
  const height = info.pageHeight ?? info.height;
  return { name: plan.name, data, format: plan.format, width: info.width, height, contentType, extension };
}
