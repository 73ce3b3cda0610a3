import { presets, renderVariants } from '@pipeline/image-core';
import {
  colourDistance,
  cornerColour,
  describeImage,
  meanColour,
  pngWithAlpha,
  smallJpeg,
} from '@pipeline/image-core/testing';
import sharp from 'sharp';

let photo: Buffer; // 640x480
beforeAll(async () => {
  photo = await smallJpeg();
});

describe('presets', () => {
  it('are the documented boxes and scale', () => {
    expect(presets.thumbnail).toMatchObject({ width: 256, height: 256, fit: 'inside' });
    expect(presets.mobile).toMatchObject({ width: 800, height: 600 });
    expect(presets.tablet).toMatchObject({ width: 1024, height: 768 });
    expect(presets.web).toMatchObject({ width: 1200, height: 800 });
    expect(presets.half).toEqual({ name: 'half', scale: 0.5 });
    expect(Object.isFrozen(presets.web)).toBe(true);
  });
});

describe('renderVariants', () => {
  it('returns every variant in request order with its format, size, content type and extension', async () => {
    const out = await renderVariants(photo, [
      'thumbnail',
      'half',
      { name: 'sq', width: 128, height: 128, fit: 'cover' },
    ]);
    expect(
      out.map(({ name, width, height, format, contentType, extension }) => ({
        name,
        width,
        height,
        format,
        contentType,
        extension,
      })),
    ).toEqual([
      {
        name: 'thumbnail',
        width: 256,
        height: 192,
        format: 'jpeg',
        contentType: 'image/jpeg',
        extension: 'jpg',
      },
      { name: 'half', width: 320, height: 240, format: 'jpeg', contentType: 'image/jpeg', extension: 'jpg' },
      { name: 'sq', width: 128, height: 128, format: 'jpeg', contentType: 'image/jpeg', extension: 'jpg' },
    ]);
    for (const variant of out)
      expect(await describeImage(variant.data)).toMatchObject({
        width: variant.width,
        height: variant.height,
        format: 'jpeg',
      });
  });

  it('accepts a Uint8Array view into a larger buffer without copying it first', async () => {
    const padded = new Uint8Array(photo.length + 32);
    padded.set(photo, 16);
    const view = padded.subarray(16, 16 + photo.length);
    const [out] = await renderVariants(view, ['thumbnail']);
    expect(out).toMatchObject({ width: 256, height: 192 });
  });

  it('inside keeps the aspect ratio and never enlarges', async () => {
    const [web, wide] = await renderVariants(photo, ['web', { name: 'wide', width: 300 }]);
    expect(web).toMatchObject({ width: 640, height: 480 });
    expect(wide).toMatchObject({ width: 300, height: 225 });
  });

  it('fill stretches, contain letterboxes with the background, cover crops', async () => {
    const [fill, contain, cover] = await renderVariants(photo, [
      { name: 'fill', width: 100, height: 300, fit: 'fill' },
      { name: 'contain', width: 300, height: 300, fit: 'contain', background: '#ff00ff' },
      { name: 'cover', width: 300, height: 100, fit: 'cover', position: 'entropy' },
    ]);
    expect(fill).toMatchObject({ width: 100, height: 300 });
    expect(contain).toMatchObject({ width: 300, height: 300 });
    expect(cover).toMatchObject({ width: 300, height: 100 });
    // 640x480 into 300x300 leaves 37-38 px bands top and bottom.
    expect(
      colourDistance(await cornerColour(contain!.data, 'top-left', 0.1), { r: 255, g: 0, b: 255 }),
    ).toBeLessThan(20);
  });

  it('derives the same picture from the shared decode as from a direct pipeline', async () => {
    const [shared] = await renderVariants(photo, ['thumbnail', 'web']);
    const [direct] = await renderVariants(photo, ['thumbnail']);
    expect(shared).toMatchObject({ width: direct!.width, height: direct!.height });
    expect(colourDistance(await meanColour(shared!.data), await meanColour(direct!.data))).toBeLessThan(2);
    for (const corner of ['top-left', 'bottom-right'] as const) {
      expect(
        colourDistance(await cornerColour(shared!.data, corner), await cornerColour(direct!.data, corner)),
      ).toBeLessThan(6);
    }
  });

  it('matches raw sharp perceptually', async () => {
    const [mobile] = await renderVariants(photo, [{ name: 'm', width: 200, height: 200 }, 'half']);
    const reference = await sharp(photo).resize(200, 200, { fit: 'inside' }).jpeg().toBuffer();
    expect(colourDistance(await meanColour(mobile!.data), await meanColour(reference))).toBeLessThan(2);
  });

  it('encodes the requested formats and quality', async () => {
    const out = await renderVariants(photo, [
      { name: 'w', width: 100, format: 'webp' },
      { name: 'a', width: 100, format: 'avif' },
      { name: 'p', width: 100, format: 'png' },
      { name: 'lo', width: 300, quality: 20 },
      { name: 'hi', width: 300, quality: 95 },
    ]);
    expect(out.map((variant) => [variant.format, variant.extension, variant.contentType])).toEqual([
      ['webp', 'webp', 'image/webp'],
      ['avif', 'avif', 'image/avif'],
      ['png', 'png', 'image/png'],
      ['jpeg', 'jpg', 'image/jpeg'],
      ['jpeg', 'jpg', 'image/jpeg'],
    ]);
    expect((await describeImage(out[1]!.data)).format).toBe('heif');
    expect(out[3]!.data.length).toBeLessThan(out[4]!.data.length / 2);
  });

  it('flattens alpha onto the background for JPEG and keeps it for PNG (original)', async () => {
    const input = await pngWithAlpha(); // green left half, transparent right half
    const [png, jpeg] = await renderVariants(input, [
      'half',
      { name: 'j', scale: 0.5, format: 'jpeg', background: '#000000' },
    ]);
    expect(png).toMatchObject({ format: 'png', width: 150, height: 100 });
    expect((await describeImage(png!.data)).hasAlpha).toBe(true);
    expect(colourDistance(await cornerColour(jpeg!.data, 'top-right'), { r: 0, g: 0, b: 0 })).toBeLessThan(
      10,
    );
    expect(colourDistance(await cornerColour(jpeg!.data, 'top-left'), { r: 0, g: 160, b: 0 })).toBeLessThan(
      20,
    );
    const [white] = await renderVariants(input, [{ name: 'w', width: 100, format: 'jpeg' }]);
    expect(
      colourDistance(await cornerColour(white!.data, 'top-right'), { r: 255, g: 255, b: 255 }),
    ).toBeLessThan(10);
  });
});
