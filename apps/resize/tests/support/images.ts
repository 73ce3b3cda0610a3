import sharp, { type Sharp } from 'sharp';
import { colourDistance, cornerColour, type Corner } from '@pipeline/image-core/testing';

type Rgb = { readonly r: number; readonly g: number; readonly b: number };

/**
 * Upright colours of the four quadrants of the fixtures below: a variant shows them in the same
 * corners when orientation was applied. (image-core's named fixtures are 200x100, below every
 * variant box; these are sized by the test so each variant's box is exercised.)
 */
const QUADRANTS: Readonly<Record<Corner, Rgb>> = {
  'top-left': { r: 220, g: 30, b: 30 },
  'top-right': { r: 30, g: 200, b: 40 },
  'bottom-left': { r: 30, g: 50, b: 220 },
  'bottom-right': { r: 240, g: 240, b: 240 },
};

function solid(width: number, height: number, colour: Rgb): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

/** An upright `width` x `height` image split into the four {@link QUADRANTS}. */
async function quadrants(width: number, height: number): Promise<Sharp> {
  const w = Math.floor(width / 2);
  const h = Math.floor(height / 2);
  const tiles = await Promise.all([
    solid(w, h, QUADRANTS['top-left']),
    solid(width - w, h, QUADRANTS['top-right']),
    solid(w, height - h, QUADRANTS['bottom-left']),
    solid(width - w, height - h, QUADRANTS['bottom-right']),
  ]);
  const [topLeft, topRight, bottomLeft, bottomRight] = tiles;
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
 * The quadrants stored rotated, with EXIF orientation 6 ("rotate 90 clockwise to display"):
 * upright it is `width` x `height` with the quadrants in place.
 */
export async function quadrantJpegWithOrientation6(width: number, height: number): Promise<Buffer> {
  const upright = await (await quadrants(width, height)).png().toBuffer();
  return sharp(upright).rotate(270).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer();
}

/** A PNG with a transparent left half and an opaque red right half. */
export async function halfTransparentPng(width: number, height: number): Promise<Buffer> {
  const half = Math.floor(width / 2);
  const red = await sharp({
    create: { width: width - half, height, channels: 4, background: { r: 220, g: 30, b: 30, alpha: 1 } },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: red, left: half, top: 0 }])
    .png()
    .toBuffer();
}

/** How far each corner of `image` is from its quadrant's colour (Euclidean RGB distance). */
export async function quadrantDistances(image: Buffer): Promise<Record<Corner, number>> {
  const corners = Object.keys(QUADRANTS) as Corner[];
  const distances = await Promise.all(
    corners.map(async (corner) => colourDistance(await cornerColour(image, corner, 0.3), QUADRANTS[corner])),
  );
  return Object.fromEntries(
    corners.map((corner, index) => [corner, Math.round(distances[index] ?? Infinity)]),
  ) as Record<Corner, number>;
}
