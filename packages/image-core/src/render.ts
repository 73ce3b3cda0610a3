import sharp, { type ResizeOptions, type Sharp } from 'sharp';
import { decodeFailure, VERIFY_WIDTH } from './decode-verdict.js';
import { ImageProcessingError } from './errors.js';
import { asBytes, openInput, probeHeader, readHeader, type InputHeader } from './input.js';
import { encode, toRenderedVariant } from './output.js';
import { planRender, type VariantPlan } from './plan.js';
import type {
  ImageInfo,
  ImageInput,
  InputOptions,
  RenderOptions,
  RenderedVariant,
  VariantRequest,
} from './types.js';
import { validateOptions, validateVariants, type ResolvedOptions } from './validation.js';

interface RawImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
}

function resizeOptions(plan: VariantPlan): ResizeOptions {
  const { width, height, fit, position } = plan.resize;
  const strategy = position === 'centre' ? 'centre' : sharp.strategy[position];
  return {
    width,
    height,
    fit,
    position: fit === 'cover' ? strategy : undefined,
    background: plan.background,
  };
}

/**
 * Runs a pipeline. A failure is ours when it does not read the input; when it does, `verify` (the
 * input decoded again, small) decides whether the input or the machine was at fault.
 */
async function run(
  image: Sharp,
  plan: VariantPlan,
  verify?: () => Promise<unknown>,
): Promise<RenderedVariant> {
  try {
    const { data, info } = await image.toBuffer({ resolveWithObject: true });
    return toRenderedVariant(plan, data, info);
  } catch (error) {
    if (verify !== undefined) throw await decodeFailure(verify, error, `variant ${plan.name}`);
    throw new ImageProcessingError(`Rendering variant ${plan.name} failed`, { cause: error });
  }
}

/** One pipeline from the input: shrink-on-load, orient, convert, resize, encode. */
function renderDirect(
  bytes: Uint8Array,
  header: InputHeader,
  plan: VariantPlan,
  options: ResolvedOptions,
): Promise<RenderedVariant> {
  const mode = { allFrames: plan.animate, convertsColourLater: false };
  const image = openInput(bytes, header, options, mode).resize(resizeOptions(plan));
  const verify = () => openInput(bytes, header, options, mode).resize(VERIFY_WIDTH).raw().toBuffer();
  return run(encode(image, plan, options.keepMetadata), plan, verify);
}

/**
 * Converts scaled-down pixels from their embedded profile to sRGB: sharp converts only from a
 * profile an image carries, so the pixels travel through an uncompressed TIFF that keeps it.
 */
async function convertToSrgb(scaled: Sharp): Promise<Sharp> {
  const tagged = await scaled.keepIccProfile().tiff({ compression: 'none' }).toBuffer();
  return sharp(tagged, { limitInputPixels: false });
}

/** Decodes once, at the smallest size the largest variant needs (JPEG/WebP shrink on load), as sRGB. */
async function decodeShared(
  bytes: Uint8Array,
  header: InputHeader,
  size: { width: number; height: number },
  options: ResolvedOptions,
): Promise<RawImage> {
  const mode = { allFrames: false, convertsColourLater: true };
  const image = openInput(bytes, header, options, mode);
  const resized =
    size.width === header.width && size.height === header.height
      ? image
      : image.resize(size.width, size.height, { fit: 'fill' });
  const toSrgb = (scaled: Sharp) => (header.colour === 'after-scaling' ? convertToSrgb(scaled) : scaled);
  try {
    const srgb = await toSrgb(resized);
    const { data, info } = await srgb.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (error) {
    // The embedded profile is input data too: the verification applies it as well.
    const verify = async () =>
      (await toSrgb(openInput(bytes, header, options, mode).resize(VERIFY_WIDTH))).raw().toBuffer();
    throw await decodeFailure(verify, error, 'decoding');
  }
}

/** Renders one variant from the shared pixels; the largest variant usually needs no resize. */
function renderFromRaw(raw: RawImage, plan: VariantPlan): Promise<RenderedVariant> {
  const { data, width, height, channels } = raw;
  const image = sharp(data, { raw: { width, height, channels }, limitInputPixels: false });
  const { resize } = plan;
  const unchanged = resize.fit === 'fill' && resize.width === width && resize.height === height;
  return run(encode(unchanged ? image : image.resize(resizeOptions(plan)), plan, false), plan);
}

/**
 * Renders every requested variant from one input, decoding it once: outputs are upright
 * (EXIF orientation applied), sRGB, stripped of metadata, in request order. Variants and
 * options are validated before any work; the input is recognised by content and its pixel
 * count checked from the header before decoding.
 *
 * @throws {ImageInputError} `EMPTY`, `UNSUPPORTED_FORMAT`, `CORRUPT` or `TOO_MANY_PIXELS`: a bad input.
 * @throws {ImageOptionsError} an invalid variant or option.
 * @throws {ImageProcessingError} encoding failed after a successful decode.
 *
 * @example
 * const out = await renderVariants(input, ['thumbnail', 'web', { name: 'sq', width: 512, height: 512, fit: 'cover' }]);
 * for (const variant of out) {
 *   await writeFile(`${variant.name}.${variant.extension}`, variant.data);
 * }
 */
export async function renderVariants(
  input: ImageInput,
  variants: readonly VariantRequest[],
  options: RenderOptions = {},
): Promise<RenderedVariant[]> {
  const settings = validateOptions(options);
  const resolved = validateVariants(variants);
  const bytes = asBytes(input);
  const header = await readHeader(bytes, settings);
  const plan = planRender(header, resolved, settings);
  if (plan.mode === 'direct') {
    return Promise.all(plan.variants.map((variant) => renderDirect(bytes, header, variant, settings)));
  }
  const raw = await decodeShared(bytes, header, plan, settings);
  return Promise.all(plan.variants.map((variant) => renderFromRaw(raw, variant)));
}

/**
 * Reads an image's header and reports what it is, without decoding pixels. Refuses the same
 * inputs, with the same `ImageInputError` codes, as `renderVariants`.
 *
 * @example
 * const info = await probe(input);
 * // { format: 'jpeg', width: 3000, height: 4000, orientation: 6, hasAlpha: false, pages: 1, bytes: 2481152, hasIccProfile: true }
 * if (info.width * info.height > 50_000_000) console.log('large upload');
 */
export async function probe(input: ImageInput, options: InputOptions = {}): Promise<ImageInfo> {
  return probeHeader(input, validateOptions(options));
}
