import sharp from 'sharp';

/** Small, fast, seeded PRNG (mulberry32): the same seed gives the same image on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** A coarse random grid scaled up: smooth regions (cubic) or hard edges (nearest). */
async function upscaledGrid(
  width: number,
  height: number,
  cells: number,
  channels: 1 | 3,
  kernel: 'cubic' | 'nearest',
  next: () => number,
): Promise<Buffer> {
  const gridWidth = Math.max(2, Math.round(cells * (width / Math.max(width, height))));
  const gridHeight = Math.max(2, Math.round(cells * (height / Math.max(width, height))));
  const grid = Buffer.alloc(gridWidth * gridHeight * channels);
  for (let index = 0; index < grid.length; index += 1) grid[index] = Math.floor(next() * 256);
  return sharp(grid, { raw: { width: gridWidth, height: gridHeight, channels } })
    .resize(width, height, { fit: 'fill', kernel })
    .raw()
    .toBuffer();
}

/**
 * Options of `photoLikeRaw`.
 *
 * @example
 * await photoLikeRaw(800, 600, { seed: 42 });
 */
export interface PhotoLikeOptions {
  /** PRNG seed. @default 1 */
  readonly seed?: number;
}

/**
 * Photo-like RGB pixels: smooth colour regions, some hard edges, mid-frequency texture and
 * sensor-like noise, so JPEG files of it cost about what real photos cost to decode.
 * Deterministic for a given seed.
 *
 * @example
 * const pixels = await photoLikeRaw(1600, 1200);
 * const jpeg = await sharp(pixels, { raw: { width: 1600, height: 1200, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
 */
export async function photoLikeRaw(
  width: number,
  height: number,
  options: PhotoLikeOptions = {},
): Promise<Buffer> {
  const next = random(options.seed ?? 1);
  const smooth = await upscaledGrid(width, height, 12, 3, 'cubic', next);
  const edges = await upscaledGrid(width, height, 7, 3, 'nearest', next);
  const texture = await upscaledGrid(
    width,
    height,
    Math.max(8, Math.round(Math.max(width, height) / 6)),
    1,
    'cubic',
    next,
  );
  const pixels = Buffer.alloc(width * height * 3);
  for (let pixel = 0, offset = 0; pixel < width * height; pixel += 1) {
    const grain = ((texture[pixel] ?? 128) - 128) * 0.35 + (next() - 0.5) * 14;
    for (let channel = 0; channel < 3; channel += 1, offset += 1) {
      pixels[offset] = ((smooth[offset] ?? 0) * 0.65 + (edges[offset] ?? 0) * 0.35 + grain) | 0;
    }
  }
  return pixels;
}

/**
 * Options of `photoLikeJpeg`.
 *
 * @example
 * await photoLikeJpeg(4000, 3000, { icc: 'p3', quality: 85 });
 */
export interface PhotoLikeJpegOptions extends PhotoLikeOptions {
  /** Embed an ICC profile: `srgb` (nothing to convert) or `p3` (Display P3, converted to sRGB). */
  readonly icc?: 'srgb' | 'p3';
  /** @default 90 */
  readonly quality?: number;
}

/**
 * A photo-like JPEG of the given size, optionally with an embedded ICC profile.
 *
 * @example
 * const input = await photoLikeJpeg(6000, 4000, { icc: 'srgb' }); // a 24 MP camera-sized JPEG
 */
export async function photoLikeJpeg(
  width: number,
  height: number,
  options: PhotoLikeJpegOptions = {},
): Promise<Buffer> {
  const pixels = await photoLikeRaw(width, height, options);
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  const tagged = options.icc === undefined ? image : image.withIccProfile(options.icc);
  return tagged.jpeg({ quality: options.quality ?? 90 }).toBuffer();
}
