import { deflateSync, crc32 } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

/** Upright colours of the four quadrants: a variant shows them in the same places when orientation is right. */
export const QUADRANTS = {
  topLeft: { r: 220, g: 30, b: 30 },
  topRight: { r: 30, g: 200, b: 40 },
  bottomLeft: { r: 30, g: 50, b: 220 },
  bottomRight: { r: 240, g: 240, b: 240 },
} as const;

type Rgb = { readonly r: number; readonly g: number; readonly b: number };

function solid(width: number, height: number, colour: Rgb): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
}

/** Raw RGB pixels of an upright image split into the four {@link QUADRANTS}. */
async function quadrants(width: number, height: number): Promise<Sharp> {
  const w = Math.floor(width / 2);
  const h = Math.floor(height / 2);
  const tiles = await Promise.all([
    solid(w, h, QUADRANTS.topLeft),
    solid(width - w, h, QUADRANTS.topRight),
    solid(w, height - h, QUADRANTS.bottomLeft),
    solid(width - w, height - h, QUADRANTS.bottomRight),
  ]);
  const [topLeft, topRight, bottomLeft, bottomRight] = tiles as [Buffer, Buffer, Buffer, Buffer];
  const composed = await sharp({ create: { width, height, channels: 3, background: '#000' } })
    .composite([
      { input: topLeft, left: 0, top: 0 },
      { input: topRight, left: w, top: 0 },
      { input: bottomLeft, left: 0, top: h },
      { input: bottomRight, left: w, top: h },
    ])
    .removeAlpha() // composite adds an alpha channel
    .raw()
    .toBuffer();
  return sharp(composed, { raw: { width, height, channels: 3 } });
}

/** A JPEG of the quadrants, `width` x `height`. */
export async function quadrantJpeg(width: number, height: number): Promise<Buffer> {
  return (await quadrants(width, height)).jpeg({ quality: 90 }).toBuffer();
}

/**
 * A JPEG whose pixels are stored rotated, with EXIF orientation 6 ("rotate 90 clockwise to
 * display"): upright it is `width` x `height` with the quadrants in place.
 */
export async function jpegWithExifOrientation6(width: number, height: number): Promise<Buffer> {
  const upright = await (await quadrants(width, height)).png().toBuffer();
  return sharp(upright).rotate(270).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer();
}

/** A PNG with a transparent left half and an opaque red right half. */
export async function pngWithAlpha(width: number, height: number): Promise<Buffer> {
  const half = Math.floor(width / 2);
  const red = await sharp({ create: { width: width - half, height, channels: 4, background: { r: 220, g: 30, b: 30, alpha: 1 } } }).png().toBuffer();
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: red, left: half, top: 0 }])
    .png()
    .toBuffer();
}

/** The first half of a JPEG: a valid header, then the data stops. */
export async function truncatedJpeg(width: number, height: number): Promise<Buffer> {
  const jpeg = await quadrantJpeg(width, height);
  return jpeg.subarray(0, Math.floor(jpeg.length / 2));
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A small, well-formed PNG whose header claims `width` x `height` (a decompression bomb's
 * shape): it must be refused from the header, before any pixel is decoded.
 */
export function pngClaimingSize(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  const firstRows = deflateSync(Buffer.alloc(1 + width)); // one filter byte + one row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', firstRows),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Mean colour of a region given as fractions of the image (0..1). */
export async function meanColour(image: Buffer, region: { left: number; top: number; width: number; height: number }): Promise<Rgb> {
  const { width = 0, height = 0 } = await sharp(image).metadata();
  const area = {
    left: Math.floor(region.left * width),
    top: Math.floor(region.top * height),
    width: Math.max(1, Math.floor(region.width * width)),
    height: Math.max(1, Math.floor(region.height * height)),
  };
  // stats() describes the input, not the pipeline: extract to raw pixels first.
  const pixels = await sharp(image).extract(area).removeAlpha().raw().toBuffer();
  let [r, g, b] = [0, 0, 0];
  for (let index = 0; index + 2 < pixels.length; index += 3) {
    r += pixels[index] ?? 0;
    g += pixels[index + 1] ?? 0;
    b += pixels[index + 2] ?? 0;
  }
  const count = pixels.length / 3;
  return { r: r / count, g: g / count, b: b / count };
}

/** Largest per-channel distance between two colours. */
export function colourDistance(a: Rgb, b: Rgb): number {
  return Math.max(Math.abs(a.r - b.r), Math.abs(a.g - b.g), Math.abs(a.b - b.b));
}

/** Centres of the four quadrants, as regions a quarter of each quadrant's size. */
export const QUADRANT_PROBES = {
  topLeft: { left: 0.15, top: 0.15, width: 0.2, height: 0.2 },
  topRight: { left: 0.65, top: 0.15, width: 0.2, height: 0.2 },
  bottomLeft: { left: 0.15, top: 0.65, width: 0.2, height: 0.2 },
  bottomRight: { left: 0.65, top: 0.65, width: 0.2, height: 0.2 },
} as const;
