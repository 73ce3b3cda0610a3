import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { ImageInputError, ImageOptionsError } from './errors.js';
import { sniffFormat } from './formats.js';
import { isSrgbProfile } from './icc.js';
import { jpegProcess } from './jpeg-frame.js';
import type { ImageInfo, InputFormat, UnsafeInputFormat } from './types.js';
import type { ResolvedOptions } from './validation.js';

/** What the pipeline needs to know about an input, from its header only. */
export interface InputHeader extends ImageInfo {
  /**
   * How colour reaches sRGB. `as-is`: the embedded profile already is sRGB, nothing to convert.
   * `after-scaling`: an RGB profile that is not sRGB (Display P3, Adobe RGB); converted once the
   * pixels are scaled down, because sharp's own conversion forgoes shrink-on-load (2x slower).
   * `decoder`: no profile, CMYK, greyscale, 16-bit: sharp converts as it decodes.
   */
  readonly colour: 'as-is' | 'after-scaling' | 'decoder';
  /** Whether frames are decoded (animated input and `animated` requested). */
  readonly decodeAllFrames: boolean;
  /**
   * Whether the input must be decoded at full size: its decoder cannot shrink while loading
   * (lossless JPEG, see `jpeg-frame.ts`), and sharp would misread a shrink-on-load.
   */
  readonly fullSizeDecode: boolean;
}

const UNSAFE: ReadonlySet<InputFormat> = new Set<UnsafeInputFormat>(['svg', 'pdf']);

/** Accepts Buffer or any Uint8Array without copying. */
export function asBytes(input: unknown): Uint8Array {
  if (input instanceof Uint8Array) return input;
  throw new ImageOptionsError(
    'input',
    `Expected Buffer or Uint8Array for input but received ${typeof input}`,
  );
}

function refuseUnsupported(format: string, allowed: ReadonlySet<UnsafeInputFormat>): void {
  if (!UNSAFE.has(format as InputFormat)) return;
  if (!allowed.has(format as UnsafeInputFormat)) {
    throw new ImageInputError(
      'UNSUPPORTED_FORMAT',
      `${format.toUpperCase()} input is refused unless allowed with allowFormats`,
    );
  }
  // sharp's prebuilt libvips has no PDF loader: allowed or not, it cannot be read.
  if (sharp.format[format as UnsafeInputFormat]?.input.buffer !== true) {
    throw new ImageInputError(
      'UNSUPPORTED_FORMAT',
      `This build of libvips cannot read ${format.toUpperCase()}`,
    );
  }
}

/** Maps sharp's decoder name to ours; AVIF is libheif with AV1 compression. */
function formatOf(metadata: Metadata): InputFormat | undefined {
  const format: string = metadata.format;
  if (format === 'heif') return metadata.compression === 'av1' ? 'avif' : undefined;
  return ['jpeg', 'png', 'webp', 'gif', 'tiff', 'svg', 'pdf'].includes(format)
    ? (format as InputFormat)
    : undefined;
}

async function readMetadata(bytes: Uint8Array): Promise<Metadata> {
  try {
    // The pixel limit is ours to check (below) with a typed error; here only the header is read.
    return await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImageInputError('CORRUPT', 'The image header could not be read', { cause: error });
  }
}

function checkPixels(metadata: Metadata, frames: number, maxPixels: number): void {
  const pixels = metadata.width * (metadata.pageHeight ?? metadata.height) * frames;
  if (!(pixels <= maxPixels)) {
    throw new ImageInputError(
      'TOO_MANY_PIXELS',
      `The image has ${metadata.width}x${metadata.pageHeight ?? metadata.height}${frames > 1 ? `x${frames} frames` : ''} pixels, over the limit of ${maxPixels}`,
    );
  }
}

function colourPath(metadata: Metadata): InputHeader['colour'] {
  if (!metadata.hasProfile) return 'decoder';
  if (isSrgbProfile(metadata.icc)) return 'as-is';
  return metadata.space === 'srgb' ? 'after-scaling' : 'decoder';
}

/**
 * Recognises the input by content and reads its header, without decoding pixels: refuses
 * empty input, unknown or unsafe formats, unreadable headers and images over the pixel limit.
 */
export async function readHeader(input: unknown, options: ResolvedOptions): Promise<InputHeader> {
  const bytes = asBytes(input);
  if (bytes.byteLength === 0) throw new ImageInputError('EMPTY', 'The input is empty (0 bytes)');
  const sniffed = sniffFormat(bytes);
  if (sniffed === 'unknown' || sniffed === 'heic') {
    throw new ImageInputError(
      'UNSUPPORTED_FORMAT',
      `The input is not a supported image (recognised: ${sniffed})`,
    );
  }
  refuseUnsupported(sniffed, options.allowFormats);
  const metadata = await readMetadata(bytes);
  const format = formatOf(metadata);
  if (format === undefined)
    throw new ImageInputError(
      'UNSUPPORTED_FORMAT',
      `The decoder reports an unsupported format (${metadata.format})`,
    );
  refuseUnsupported(format, options.allowFormats);
  const pages = metadata.pages ?? 1;
  const decodeAllFrames = options.animated && pages > 1;
  checkPixels(metadata, decodeAllFrames ? pages : 1, options.maxPixels);
  return {
    format,
    width: metadata.autoOrient.width,
    height: metadata.autoOrient.height,
    orientation: metadata.orientation ?? 1,
    hasAlpha: metadata.hasAlpha,
    pages,
    bytes: bytes.byteLength,
    hasIccProfile: metadata.hasProfile,
    colour: colourPath(metadata),
    decodeAllFrames,
    fullSizeDecode: format === 'jpeg' && jpegProcess(bytes) === 'lossless',
  };
}

/** How a pipeline decodes: all frames or the first; whether it converts colour itself later. */
export interface DecodeMode {
  readonly allFrames: boolean;
  /** The caller converts an `after-scaling` profile once the pixels are small (see `InputHeader.colour`). */
  readonly convertsColourLater: boolean;
}

/**
 * sharp constructor options for decoding a checked input: upright, strict, limited, and without
 * sharp's colour conversion where it is pointless (sRGB profile) or done later by the caller.
 */
function decodeOptions(header: InputHeader, options: ResolvedOptions, mode: DecodeMode): SharpOptions {
  const skipConversion =
    header.colour === 'as-is' || (header.colour === 'after-scaling' && mode.convertsColourLater);
  return {
    autoOrient: true,
    failOn: options.failOn,
    limitInputPixels: options.maxPixels,
    limitInputChannels: 5,
    ignoreIcc: skipConversion,
    animated: mode.allFrames && header.decodeAllFrames,
  };
}

/**
 * A sharp pipeline over a checked input, decoding as `decodeOptions` says. For inputs that must
 * be decoded at full size, an extract of the whole (upright) picture before the resize turns
 * sharp's shrink-on-load off: sharp never shrinks on load when an extract precedes the resize.
 */
export function openInput(
  bytes: Uint8Array,
  header: InputHeader,
  options: ResolvedOptions,
  mode: DecodeMode,
): Sharp {
  const image = sharp(bytes, decodeOptions(header, options, mode));
  if (!header.fullSizeDecode) return image;
  return image.extract({ left: 0, top: 0, width: header.width, height: header.height });
}

/** The public part of the header (what `probe` returns). */
export async function probeHeader(input: unknown, options: ResolvedOptions): Promise<ImageInfo> {
  const {
    colour: _colour,
    decodeAllFrames: _frames,
    fullSizeDecode: _fullSize,
    ...info
  } = await readHeader(input, options);
  return info;
}
