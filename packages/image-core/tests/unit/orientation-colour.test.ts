import { isSrgbProfile, probe, renderVariants } from '@pipeline/image-core';
import {
  BODY_COLOUR,
  MARK_COLOUR,
  cmykJpeg,
  colourDistance,
  cornerColour,
  describeImage,
  greyscaleJpeg,
  jpegWithExifOrientation6,
  jpegWithGpsExif,
  jpegWithIccProfile,
  meanColour,
  png16WithAlpha,
} from '@pipeline/image-core/testing';
import sharp from 'sharp';

describe('orientation', () => {
  it('probe reports upright dimensions and the EXIF orientation', async () => {
    expect(await probe(await jpegWithExifOrientation6())).toMatchObject({
      format: 'jpeg',
      width: 100,
      height: 200,
      orientation: 6,
    });
  });

  it.each([
    ['shared decode', ['half', 'thumbnail']],
    ['direct', ['half']],
  ] as const)(
    'an orientation 6 photo comes out upright, sides swapped, mark top-right (%s)',
    async (_mode, variants) => {
      const [half] = await renderVariants(await jpegWithExifOrientation6(), variants);
      expect(half).toMatchObject({ name: 'half', width: 50, height: 100 });
      const described = await describeImage(half!.data);
      expect(described).toMatchObject({ width: 50, height: 100, hasExif: false });
      expect(colourDistance(await cornerColour(half!.data, 'top-right'), MARK_COLOUR)).toBeLessThan(60);
      expect(colourDistance(await cornerColour(half!.data, 'top-left'), BODY_COLOUR)).toBeLessThan(60);
      expect(colourDistance(await cornerColour(half!.data, 'bottom-right'), BODY_COLOUR)).toBeLessThan(60);
    },
  );
});

describe('metadata', () => {
  it('strips EXIF (with GPS) and XMP by default', async () => {
    const input = await jpegWithGpsExif();
    expect((await sharp(input).metadata()).exif).toBeDefined();
    for (const out of await renderVariants(input, ['half', 'thumbnail'])) {
      expect(await describeImage(out.data)).toMatchObject({ hasExif: false, hasXmp: false });
    }
  });

  it('keeps EXIF on request, tagging the output sRGB', async () => {
    const [out] = await renderVariants(await jpegWithGpsExif(), ['half', 'thumbnail'], {
      keepMetadata: true,
    });
    const metadata = await sharp(out!.data).metadata();
    expect(metadata.exif?.toString('latin1')).toContain('fixture-copyright');
    expect(metadata.hasProfile).toBe(true);
  });
});

describe('colour', () => {
  it('converts a CMYK JPEG to sRGB', async () => {
    const [out] = await renderVariants(await cmykJpeg(), ['half']);
    expect(out).toMatchObject({ format: 'jpeg', width: 60, height: 40 });
    expect((await describeImage(out!.data)).channels).toBe(3);
    expect(colourDistance(await meanColour(out!.data), { r: 0xc0, g: 0x40, b: 0x20 })).toBeLessThan(40);
  });

  it.each([
    ['shared decode', ['half', 'thumbnail'], {}],
    ['single variant', ['half'], {}],
    ['direct pipelines, metadata kept', ['half', 'thumbnail'], { keepMetadata: true }],
  ] as const)('converts a Display P3 profile to sRGB (%s)', async (_mode, variants, options) => {
    // Pure sRGB red stored as Display P3 values (about 234, 51, 35) with the P3 profile attached.
    const p3Red = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } })
      .withIccProfile('p3')
      .jpeg({ quality: 95 })
      .toBuffer();
    const ignoringProfile = await meanColour(await sharp(p3Red, { ignoreIcc: true }).png().toBuffer());
    expect(colourDistance(ignoringProfile, { r: 255, g: 0, b: 0 })).toBeGreaterThan(25);
    const [out] = await renderVariants(p3Red, variants, options);
    expect(out).toMatchObject({ width: 32, height: 32, format: 'jpeg' });
    expect(colourDistance(await meanColour(out!.data), { r: 255, g: 0, b: 0 })).toBeLessThan(12);
    // Stripped by default; tagged sRGB when metadata is kept.
    const profile = (await sharp(out!.data).metadata()).icc;
    expect(profile === undefined ? 'none' : isSrgbProfile(profile) ? 'srgb' : 'other').toBe(
      'keepMetadata' in options ? 'srgb' : 'none',
    );
  });

  it('converts a P3 PNG with alpha, keeping the alpha', async () => {
    const p3Png = await sharp({
      create: { width: 64, height: 64, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } },
    })
      .withIccProfile('p3')
      .png()
      .toBuffer();
    const [out] = await renderVariants(p3Png, ['half']);
    expect(out).toMatchObject({ format: 'png', width: 32, height: 32 });
    const stats = await sharp(out!.data).stats();
    expect(stats.channels[3]?.mean).toBeGreaterThan(120);
    expect(stats.channels[3]?.mean).toBeLessThan(135);
    expect(colourDistance(await meanColour(out!.data), { r: 255, g: 0, b: 0 })).toBeLessThan(12);
  });

  it('renders an sRGB-tagged photo like its untagged twin (the no-op conversion is skipped)', async () => {
    const srgb = await jpegWithIccProfile('srgb');
    const [out] = await renderVariants(srgb, ['half', 'thumbnail']);
    const reference = await sharp(srgb).resize(200).jpeg().toBuffer(); // sharp converting through the profile
    expect(colourDistance(await meanColour(out!.data), await meanColour(reference))).toBeLessThan(2);
    expect(await describeImage(out!.data)).toMatchObject({ width: 200, height: 150 });
  });

  it('renders a 16-bit PNG with alpha to an 8-bit PNG that keeps the alpha', async () => {
    const input = await png16WithAlpha();
    expect((await sharp(input).metadata()).depth).toBe('ushort');
    const [out] = await renderVariants(input, ['half', 'thumbnail']);
    expect(out).toMatchObject({
      format: 'png',
      width: 50,
      height: 40,
      contentType: 'image/png',
      extension: 'png',
    });
    const stats = await sharp(out!.data).stats();
    expect(stats.channels).toHaveLength(4);
    expect(stats.channels[3]?.mean).toBeGreaterThan(110);
    expect(stats.channels[3]?.mean).toBeLessThan(145);
    expect(colourDistance(await meanColour(out!.data), { r: 200, g: 100, b: 50 })).toBeLessThan(10);
  });

  it('keeps a greyscale image grey', async () => {
    const [out] = await renderVariants(await greyscaleJpeg(), ['half', 'thumbnail']);
    expect(out).toMatchObject({ format: 'jpeg', width: 80, height: 60 });
    expect(colourDistance(await meanColour(out!.data), { r: 128, g: 128, b: 128 })).toBeLessThan(6);
  });
});
