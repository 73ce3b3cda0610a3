import sharp, { type Sharp } from 'sharp';

/**
 * An RGB colour with 0-255 channels.
 *
 * @example
 * const red: Rgb = { r: 255, g: 0, b: 0 };
 */
export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

/**
 * A corner of an image.
 *
 * @example
 * await cornerColour(out.data, 'top-right' satisfies Corner);
 */
export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

/** Mean of the first three channels (a single-channel image counts as grey). */
async function meanOf(image: Sharp): Promise<Rgb> {
  const { channels } = await image.stats();
  // 1-2 channels: grey (+ alpha); 3-4: RGB (+ alpha).
  const [r, g, b] = channels.length <= 2 ? [channels[0], channels[0], channels[0]] : channels;
  return { r: r?.mean ?? 0, g: g?.mean ?? 0, b: b?.mean ?? 0 };
}

/**
 * Mean colour of an encoded image (alpha ignored), for perceptual assertions.
 *
 * @example
 * expect(colourDistance(await meanColour(out.data), { r: 192, g: 64, b: 32 })).toBeLessThan(20);
 */
export function meanColour(image: Buffer): Promise<Rgb> {
  return meanOf(sharp(image));
}

/**
 * Mean colour of a corner region (`fraction` of each side) of an encoded image, as displayed
 * (EXIF orientation applied): tells which way up an image is.
 *
 * @example
 * await cornerColour(out.data, 'top-right'); // about MARK_COLOUR for an upright jpegWithExifOrientation6
 */
export async function cornerColour(image: Buffer, corner: Corner, fraction = 0.15): Promise<Rgb> {
  const { data, info } = await sharp(image, { autoOrient: true }).raw().toBuffer({ resolveWithObject: true });
  const width = Math.max(1, Math.floor(info.width * fraction));
  const height = Math.max(1, Math.floor(info.height * fraction));
  const left = corner.endsWith('left') ? 0 : info.width - width;
  const top = corner.startsWith('top') ? 0 : info.height - height;
  const region = sharp(data, {
    raw: { width: info.width, height: info.height, channels: info.channels },
  }).extract({ left, top, width, height });
  return meanOf(sharp(await region.raw().toBuffer(), { raw: { width, height, channels: info.channels } }));
}

/**
 * Euclidean distance between two RGB colours (0 to about 441).
 *
 * @example
 * colourDistance({ r: 255, g: 0, b: 0 }, { r: 250, g: 5, b: 0 }); // about 7
 */
export function colourDistance(a: Rgb, b: Rgb): number {
  return Math.hypot(a.r - b.r, a.g - b.g, a.b - b.b);
}

/**
 * How different two encoded images look: both are shown upright (EXIF orientation applied),
 * flattened onto white, reduced to a `grid` x `grid` thumbnail, and the mean RGB distance of
 * the cells is returned (0 for the same picture; a few units for re-encoding or another resize
 * kernel; tens for a shifted, cropped or zoomed picture). Sizes need not match.
 *
 * @example
 * const reference = await sharp(input).resize(out.width, out.height, { fit: 'fill' }).png().toBuffer();
 * expect(await perceptualDistance(out.data, reference)).toBeLessThan(8);
 */
export async function perceptualDistance(a: Buffer, b: Buffer, grid = 8): Promise<number> {
  const [cellsA, cellsB] = await Promise.all([gridCells(a, grid), gridCells(b, grid)]);
  let total = 0;
  for (let offset = 0; offset < cellsA.length; offset += 3) {
    total += Math.hypot(
      (cellsA[offset] ?? 0) - (cellsB[offset] ?? 0),
      (cellsA[offset + 1] ?? 0) - (cellsB[offset + 1] ?? 0),
      (cellsA[offset + 2] ?? 0) - (cellsB[offset + 2] ?? 0),
    );
  }
  return total / (grid * grid);
}

/** `grid` x `grid` sRGB cells (3 bytes each) of an image as displayed. */
function gridCells(image: Buffer, grid: number): Promise<Buffer> {
  return sharp(image, { autoOrient: true })
    .flatten({ background: '#ffffff' })
    .resize(grid, grid, { fit: 'fill' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer();
}

/**
 * Width, height, format, frame count, alpha and metadata presence of an encoded image, read
 * from its header.
 *
 * @example
 * expect(await describeImage(out.data)).toMatchObject({ width: 256, hasExif: false });
 */
export async function describeImage(image: Buffer): Promise<{
  width: number;
  height: number;
  format: string;
  pages: number;
  hasAlpha: boolean;
  hasExif: boolean;
  hasXmp: boolean;
  channels: number;
}> {
  const metadata = await sharp(image).metadata();
  return {
    width: metadata.width,
    height: metadata.pageHeight ?? metadata.height,
    format: metadata.format,
    pages: metadata.pages ?? 1,
    hasAlpha: metadata.hasAlpha,
    hasExif: metadata.exif !== undefined,
    hasXmp: metadata.xmp !== undefined,
    channels: metadata.channels,
  };
}
