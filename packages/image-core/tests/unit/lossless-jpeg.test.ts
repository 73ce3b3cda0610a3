import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderVariants, type RenderedVariant, type VariantRequest } from '@pipeline/image-core';
import { cornerColour, colourDistance, perceptualDistance } from '@pipeline/image-core/testing';
import sharp from 'sharp';

// sharp's own lossless (SOF3) test image, 227x149: see tests/fixtures/README.md.
const FIXTURE = join(__dirname, '..', 'fixtures', 'lossless-testimgl.jpg');

/**
 * Mean distance of the 8x8 grids (see `perceptualDistance`): another resize path moves it by a
 * unit or two; the defect (a blurry zoom into the top-left part) measured over 100 on this image.
 * Variants are PNG so that the comparison sees geometry, not JPEG noise (13 units at quality 80
 * on this small, busy picture).
 */
const SAME_PICTURE = 8;

/** Sizes at which sharp would shrink on load by 2 (for 1/2 it does not), 4 and 8, as box and scale. */
const VARIANTS: VariantRequest[] = [
  { name: 'half', scale: 0.5, format: 'png' },
  { name: 'quarter', scale: 0.25, format: 'png' },
  { name: 'eighth', scale: 0.125, format: 'png' },
  { name: 'box', width: 40, height: 40, format: 'png' },
  { name: 'sq', width: 36, height: 36, fit: 'cover', position: 'centre', format: 'png' },
  { name: 'letterbox', width: 60, height: 60, fit: 'contain', format: 'png', background: '#ffffff' },
];

let lossless: Buffer;
beforeAll(async () => {
  lossless = await readFile(FIXTURE);
});

/** The reference: a full decode (no resize, so no shrink-on-load), then resized like `variant`. */
async function fullDecodeResized(input: Buffer, variant: RenderedVariant, request: VariantRequest) {
  const full = await sharp(input, { autoOrient: true }).png().toBuffer();
  const spec = typeof request === 'string' ? { name: request } : request;
  const fit = 'fit' in spec && spec.fit !== undefined && spec.fit !== 'inside' ? spec.fit : 'fill';
  return sharp(full).resize(variant.width, variant.height, { fit, background: '#ffffff' }).png().toBuffer();
}

async function expectWholePicture(input: Buffer, out: RenderedVariant[], requests: VariantRequest[]) {
  const distances: Record<string, number> = {};
  for (const [index, variant] of out.entries()) {
    const reference = await fullDecodeResized(input, variant, requests[index] as VariantRequest);
    distances[variant.name] = Math.round(await perceptualDistance(variant.data, reference));
  }
  for (const distance of Object.values(distances)) expect(distance).toBeLessThan(SAME_PICTURE);
  return distances;
}

/** The fixture with an EXIF APP1 segment (orientation 6) inserted after SOI: stored 227x149, shown 149x227. */
function withOrientation6(jpeg: Buffer): Buffer {
  const tiff = Buffer.from([
    0x4d,
    0x4d,
    0x00,
    0x2a,
    0x00,
    0x00,
    0x00,
    0x08, // big-endian TIFF header, IFD0 at 8
    0x00,
    0x01, // one entry
    0x01,
    0x12,
    0x00,
    0x03,
    0x00,
    0x00,
    0x00,
    0x01,
    0x00,
    0x06,
    0x00,
    0x00, // Orientation SHORT 6
    0x00,
    0x00,
    0x00,
    0x00, // no next IFD
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const length = Buffer.from([(payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xe1]), length, payload, jpeg.subarray(2)]);
}

describe('lossless JPEG (SOF3)', () => {
  it('renders every variant of the whole picture from one shared decode', async () => {
    // Without `half`, the shared decode itself is small enough for sharp to shrink on load.
    const shared = VARIANTS.slice(1);
    const out = await renderVariants(lossless, shared);
    expect(out.map(({ name, width, height }) => [name, width, height])).toEqual([
      ['quarter', 57, 37],
      ['eighth', 28, 19],
      ['box', 40, 26],
      ['sq', 36, 36],
      ['letterbox', 60, 60],
    ]);
    await expectWholePicture(lossless, out, shared);
  });

  it.each(VARIANTS.map((variant) => [typeof variant === 'string' ? variant : variant.name, variant]))(
    'renders the whole picture for a single variant (%s, one direct pipeline)',
    async (_name, variant) => {
      const out = await renderVariants(lossless, [variant]);
      await expectWholePicture(lossless, out, [variant]);
    },
  );

  it('keeps the whole picture with kept metadata (direct pipelines) and with EXIF orientation', async () => {
    const rotated = withOrientation6(lossless);
    const requests: VariantRequest[] = [
      { name: 'quarter', scale: 0.25, format: 'png' },
      { name: 'thumbnail', width: 256, height: 256, format: 'png' },
    ];
    const upright = await renderVariants(rotated, requests);
    expect(upright.map(({ width, height }) => [width, height])).toEqual([
      [37, 57],
      [149, 227],
    ]);
    await expectWholePicture(rotated, upright, requests);
    const kept = await renderVariants(lossless, requests, { keepMetadata: true });
    await expectWholePicture(lossless, kept, requests);
  });

  it('differs from the defect it prevents: the plain quarter decode shows another picture', async () => {
    const [quarter] = await renderVariants(lossless, [{ name: 'quarter', scale: 0.25 }]);
    const shrunkOnLoad = await sharp(lossless).resize(57, 37, { fit: 'fill' }).png().toBuffer();
    expect(await perceptualDistance(shrunkOnLoad, quarter!.data)).toBeGreaterThan(5 * SAME_PICTURE);
    // Same corners as the full picture, not a zoom into its top-left part.
    const full = await sharp(lossless).png().toBuffer();
    expect(
      colourDistance(
        await cornerColour(quarter!.data, 'bottom-right'),
        await cornerColour(full, 'bottom-right'),
      ),
    ).toBeLessThan(30);
  });
});
