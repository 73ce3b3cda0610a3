/**
 * Named, generated inputs for image tests (nothing is downloaded). Each function returns a
 * fresh Buffer; the constants say what a correct rendering of it looks like.
 */
import sharp from 'sharp';
import { photoLikeJpeg } from './photo.js';

/**
 * Colour of the body of the marked fixtures.
 *
 * @example
 * expect(colourDistance(await cornerColour(out.data, 'bottom-left'), BODY_COLOUR)).toBeLessThan(60);
 */
export const BODY_COLOUR = { r: 0, g: 0, b: 255 } as const;
/**
 * Colour of the mark in the stored top-left corner of the marked fixtures.
 *
 * @example
 * expect(colourDistance(await cornerColour(out.data, 'top-right'), MARK_COLOUR)).toBeLessThan(60);
 */
export const MARK_COLOUR = { r: 255, g: 0, b: 0 } as const;
/**
 * Colours of the frames of `animatedGif` and `animatedWebp`, in order.
 *
 * @example
 * const first = FRAME_COLOURS[0]; // '#ff0000', what the default (first-frame) rendering shows
 */
export const FRAME_COLOURS = ['#ff0000', '#00ff00', '#0000ff'] as const;

/** A 200x100 blue image with a red 40x40 mark in its top-left corner, as PNG. */
async function markedLandscape(): Promise<Buffer> {
  const mark = { create: { width: 40, height: 40, channels: 3 as const, background: MARK_COLOUR } };
  return sharp({ create: { width: 200, height: 100, channels: 3, background: BODY_COLOUR } })
    .composite([{ input: mark, left: 0, top: 0 }])
    .png()
    .toBuffer();
}

/**
 * Zero bytes.
 * @example await expect(probe(emptyInput())).rejects.toMatchObject({ code: 'EMPTY' });
 */
export function emptyInput(): Buffer {
  return Buffer.alloc(0);
}

/**
 * 4 KiB of deterministic noise: no image format.
 * @example await expect(probe(randomBytes())).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
 */
export function randomBytes(length = 4096): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 0x2545f491;
  for (let index = 0; index < length; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

/**
 * A UTF-8 text file.
 * @example await expect(probe(textFile())).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
 */
export function textFile(): Buffer {
  return Buffer.from('name,size\nphoto.jpg,1024\nThis is a text file, not an image.\n', 'utf8');
}

/**
 * A small photo-like JPEG (640x480, no ICC profile).
 * @example const out = await renderVariants(await smallJpeg(), ['thumbnail']);
 */
export function smallJpeg(width = 640, height = 480): Promise<Buffer> {
  return photoLikeJpeg(width, height, { seed: 7 });
}

/**
 * A 640x480 photo-like JPEG cut off at 60%: the header is intact, the pixel data is not.
 * @example await expect(renderVariants(await truncatedJpeg(), ['web'])).rejects.toMatchObject({ code: 'CORRUPT' });
 */
export async function truncatedJpeg(): Promise<Buffer> {
  const whole = await smallJpeg();
  return Buffer.from(whole.subarray(0, Math.floor(whole.length * 0.6)));
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  let crc = 0xffffffff;
  for (const byte of body) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return Buffer.concat([length, body, checksum]);
}

/**
 * A PNG of under 100 bytes whose header claims 50000x50000 RGB pixels (2.5 gigapixels):
 * a decompression bomb. Decoding it would need 7.5 GB.
 * @example await expect(probe(pngClaiming50000x50000())).rejects.toMatchObject({ code: 'TOO_MANY_PIXELS' });
 */
export function pngClaiming50000x50000(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(50_000, 0);
  header.writeUInt32BE(50_000, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const data = Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
  return Buffer.concat([
    signature,
    pngChunk('IHDR', header),
    pngChunk('IDAT', data),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A JPEG stored as 200x100 (blue, red mark top-left) with EXIF orientation 6 (rotate 90°
 * clockwise to display): upright it is 100x200 with the mark in the top-right corner.
 * @example const [out] = await renderVariants(await jpegWithExifOrientation6(), ['half']); // 50x100
 */
export async function jpegWithExifOrientation6(): Promise<Buffer> {
  return sharp(await markedLandscape())
    .jpeg({ quality: 95 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/**
 * The marked 200x100 image as a JPEG carrying EXIF with GPS coordinates and a copyright.
 * @example const [out] = await renderVariants(await jpegWithGpsExif(), ['half']); // out has no EXIF
 */
export async function jpegWithGpsExif(): Promise<Buffer> {
  return sharp(await markedLandscape())
    .jpeg({ quality: 95 })
    .withExif({
      IFD0: { Copyright: 'fixture-copyright' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' },
    })
    .toBuffer();
}

/**
 * A 120x80 CMYK JPEG of a uniform orange (sRGB #c04020) with a CMYK ICC profile.
 * @example const [out] = await renderVariants(await cmykJpeg(), ['half']); // sRGB, about #c04020
 */
export async function cmykJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 120, height: 80, channels: 3, background: '#c04020' } })
    .withIccProfile('cmyk')
    .jpeg({ quality: 95 })
    .toBuffer();
}

/**
 * A 16-bit RGBA PNG (100x80) of rgba(200, 100, 50, 0.5).
 * @example const [out] = await renderVariants(await png16WithAlpha(), ['half']); // PNG with alpha
 */
export async function png16WithAlpha(): Promise<Buffer> {
  return sharp({
    create: { width: 100, height: 80, channels: 4, background: { r: 200, g: 100, b: 50, alpha: 0.5 } },
  })
    .toColourspace('rgb16')
    .png()
    .toBuffer();
}

/**
 * An 8-bit RGBA PNG (300x200): opaque green left half, fully transparent right half.
 * @example const [out] = await renderVariants(await pngWithAlpha(), ['thumbnail']); // PNG, alpha kept
 */
export async function pngWithAlpha(): Promise<Buffer> {
  const left = {
    create: { width: 150, height: 200, channels: 4 as const, background: { r: 0, g: 160, b: 0, alpha: 1 } },
  };
  return sharp({
    create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
  })
    .composite([{ input: left, left: 0, top: 0 }])
    .png()
    .toBuffer();
}

/**
 * A single-channel greyscale JPEG (160x120) of mid grey (128).
 * @example const [out] = await renderVariants(await greyscaleJpeg(), ['half']);
 */
export async function greyscaleJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 160, height: 120, channels: 3, background: '#808080' } })
    .toColourspace('b-w')
    .jpeg({ quality: 95 })
    .toBuffer();
}

async function animatedFrames(): Promise<{ pixels: Buffer; width: number; height: number }> {
  const [width, height] = [64, 48];
  const frames = await Promise.all(
    FRAME_COLOURS.map((background) =>
      sharp({ create: { width, height, channels: 4, background } })
        .raw()
        .toBuffer(),
    ),
  );
  return { pixels: Buffer.concat(frames), width, height };
}

/**
 * An animated GIF, 64x48, three frames: red, green, blue.
 * @example const [out] = await renderVariants(await animatedGif(), ['thumbnail']); // first frame (red)
 */
export async function animatedGif(): Promise<Buffer> {
  const { pixels, width, height } = await animatedFrames();
  return sharp(pixels, { raw: { width, height: height * 3, channels: 4, pageHeight: height } })
    .gif({ delay: [100, 100, 100], loop: 0 })
    .toBuffer();
}

/**
 * An animated WebP, 64x48, three frames: red, green, blue.
 * @example const [out] = await renderVariants(await animatedWebp(), ['half'], { animated: true }); // 3 frames
 */
export async function animatedWebp(): Promise<Buffer> {
  const { pixels, width, height } = await animatedFrames();
  return sharp(pixels, { raw: { width, height: height * 3, channels: 4, pageHeight: height } })
    .webp({ delay: [100, 100, 100], loop: 0 })
    .toBuffer();
}

/**
 * An SVG document (a red square): refused unless `allowFormats` includes 'svg'.
 * @example await expect(probe(svgImage())).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
 */
export function svgImage(): Buffer {
  return Buffer.from(
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#ff0000"/></svg>\n',
  );
}

/**
 * The start of a PDF document: always refused by default.
 * @example await expect(probe(pdfDocument())).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
 */
export function pdfDocument(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    'latin1',
  );
}

/**
 * The marked 200x100 image (blue, red mark top-left) in another container format.
 * @example const input = await markedImage('tiff'); // probe(input).format === 'tiff'
 */
export async function markedImage(format: 'png' | 'webp' | 'avif' | 'tiff' | 'gif'): Promise<Buffer> {
  return sharp(await markedLandscape())
    .toFormat(format)
    .toBuffer();
}

/**
 * A 400x300 photo-like JPEG with an embedded sRGB or Display P3 ICC profile.
 * @example const input = await jpegWithIccProfile('p3'); // converted to sRGB when rendered
 */
export function jpegWithIccProfile(profile: 'srgb' | 'p3'): Promise<Buffer> {
  return photoLikeJpeg(400, 300, { icc: profile, seed: 3 });
}
