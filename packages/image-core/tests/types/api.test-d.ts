/**
 * Compile-time tests of the public API, checked by `pnpm typecheck` (tsc) and never run.
 * Each `@ts-expect-error` line must fail to compile, or tsc reports the directive as unused.
 */
import {
  ImageInputError,
  presets,
  probe,
  renderVariants,
  type ImageInfo,
  type ImageInputErrorCode,
  type OutputFormat,
  type PresetName,
  type RenderedVariant,
  type VariantRequest,
  type VariantSpec,
} from '@pipeline/image-core';
import {
  jpegWithExifOrientation6,
  meanColour,
  perceptualDistance,
  type Rgb,
} from '@pipeline/image-core/testing';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;

declare const input: Buffer;
declare const bytes: Uint8Array;

export async function checks(): Promise<void> {
  const out = await renderVariants(input, [
    'thumbnail',
    'web',
    { name: 'sq', width: 512, height: 512, fit: 'cover' },
  ]);
  assertType<Equal<typeof out, RenderedVariant[]>>();
  assertType<Equal<RenderedVariant['data'], Buffer>>();
  assertType<Equal<RenderedVariant['format'], OutputFormat>>();
  await renderVariants(bytes, [{ name: 'h', scale: 0.5, format: 'webp', quality: 70 }], {
    maxPixels: 50_000_000,
    keepMetadata: true,
  });
  await renderVariants(input, [
    { ...presets.web, format: 'avif' },
    { name: 'c', width: 10, height: 10, fit: 'contain', background: '#fff' },
  ]);

  const info = await probe(input);
  void info;
  assertType<Equal<typeof info, ImageInfo>>();
  assertType<
    Equal<
      Pick<ImageInfo, 'format' | 'width' | 'height' | 'orientation' | 'hasAlpha' | 'pages' | 'bytes'>,
      {
        readonly format: 'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'tiff' | 'svg' | 'pdf';
        readonly width: number;
        readonly height: number;
        readonly orientation: number;
        readonly hasAlpha: boolean;
        readonly pages: number;
        readonly bytes: number;
      }
    >
  >();

  assertType<Equal<ImageInputErrorCode, 'EMPTY' | 'UNSUPPORTED_FORMAT' | 'CORRUPT' | 'TOO_MANY_PIXELS'>>();
  assertType<Equal<PresetName, keyof typeof presets>>();
  const error: unknown = undefined;
  if (error instanceof ImageInputError) assertType<Equal<typeof error.code, ImageInputErrorCode>>();

  const preset: VariantRequest = 'half';
  void preset;
  // @ts-expect-error not a preset name
  await renderVariants(input, ['huge']);
  // @ts-expect-error a variant is a box or a scale, not both
  const both: VariantSpec = { name: 'x', scale: 0.5, width: 100 };
  // @ts-expect-error fit belongs to boxes
  const scaledFit: VariantSpec = { name: 'x', scale: 0.5, fit: 'cover' };
  // @ts-expect-error unknown fit
  const outside: VariantSpec = { name: 'x', width: 10, fit: 'outside' };
  // @ts-expect-error unknown output format
  const bmp: VariantSpec = { name: 'x', width: 10, format: 'bmp' };
  // @ts-expect-error input must be bytes, not a path
  await renderVariants('photo.jpg', ['web']);
  // @ts-expect-error the result is read-only
  out[0]!.width = 1;
  void [both, scaledFit, outside, bmp];

  const colour: Rgb = await meanColour(await jpegWithExifOrientation6());
  const distance: number = await perceptualDistance(input, input, 8);
  // @ts-expect-error -- compares encoded images, not colours
  await perceptualDistance(colour, colour);
  void [colour, distance];
}
