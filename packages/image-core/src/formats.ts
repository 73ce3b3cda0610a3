import type { FormatChoice, InputFormat, OutputFormat } from './types.js';

/**
 * Result of looking at the first bytes: a known image format, a known unsupported one, or nothing.
 *
 * @example
 * if (sniffFormat(bytes) === 'heic') console.log('ask for JPEG instead');
 */
export type SniffedFormat = InputFormat | 'heic' | 'unknown';

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length &&
  signature.every((value, index) => bytes[offset + index] === value);

const ascii = (bytes: Uint8Array, start: number, end: number): string =>
  String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));

/** ISO-BMFF (`ftyp`) brands: AVIF, or another HEIF flavour (HEIC) that we do not accept. */
function sniffIsoBmff(bytes: Uint8Array): SniffedFormat {
  const boxSize = Math.min(bytes.length, new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0), 64);
  const brands = [ascii(bytes, 8, 12)];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(bytes, offset, offset + 4));
  return brands.some((brand) => brand === 'avif' || brand === 'avis') ? 'avif' : 'heic';
}

/** SVG is text: skip a BOM and whitespace, then look for an XML start and an `<svg` element. */
function sniffText(bytes: Uint8Array): SniffedFormat {
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 4096))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!head.startsWith('<')) return 'unknown';
  return /<svg[\s>]/i.test(head) ? 'svg' : 'unknown';
}

/**
 * Recognises an image format from its content (never from a file name).
 *
 * @example
 * sniffFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0])); // 'jpeg'
 * sniffFormat(Buffer.from('hello')); // 'unknown'
 */
export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return 'tiff';
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') return sniffIsoBmff(bytes);
  if (ascii(bytes, 0, 5) === '%PDF-') return 'pdf';
  return sniffText(bytes);
}

/**
 * MIME type, extension and capabilities of an output format.
 *
 * @example
 * const { contentType, extension } = outputFormatInfo('webp'); // 'image/webp', 'webp'
 */
export interface OutputFormatInfo {
  readonly contentType: string;
  readonly extension: string;
  readonly hasAlpha: boolean;
  readonly canAnimate: boolean;
}

const outputFormats: Readonly<Record<OutputFormat, OutputFormatInfo>> = {
  jpeg: { contentType: 'image/jpeg', extension: 'jpg', hasAlpha: false, canAnimate: false },
  png: { contentType: 'image/png', extension: 'png', hasAlpha: true, canAnimate: false },
  webp: { contentType: 'image/webp', extension: 'webp', hasAlpha: true, canAnimate: true },
  avif: { contentType: 'image/avif', extension: 'avif', hasAlpha: true, canAnimate: false },
  gif: { contentType: 'image/gif', extension: 'gif', hasAlpha: true, canAnimate: true },
};

/**
 * MIME type, extension and capabilities of an output format.
 *
 * @example
 * outputFormatInfo('jpeg').extension; // 'jpg'
 */
export function outputFormatInfo(format: OutputFormat): OutputFormatInfo {
  return outputFormats[format];
}

const keptAsIs: ReadonlySet<InputFormat> = new Set(['jpeg', 'png', 'webp', 'avif']);

/**
 * Resolves `original` against the input: its own format where that is jpeg, png, webp or avif
 * (or gif when its animation is kept), else PNG with alpha and JPEG without.
 *
 * @example
 * resolveOutputFormat('original', { format: 'tiff', hasAlpha: false }, false); // 'jpeg'
 */
export function resolveOutputFormat(
  choice: FormatChoice,
  input: { readonly format: InputFormat; readonly hasAlpha: boolean },
  keepAnimation: boolean,
): OutputFormat {
  if (choice !== 'original') return choice;
  if (keptAsIs.has(input.format)) return input.format as OutputFormat;
  if (keepAnimation && input.format === 'gif') return 'gif';
  return input.hasAlpha ? 'png' : 'jpeg';
}
