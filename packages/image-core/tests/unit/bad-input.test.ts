import { ImageInputError, probe, renderVariants } from '@pipeline/image-core';
import {
  emptyInput,
  pdfDocument,
  pngClaiming50000x50000,
  randomBytes,
  svgImage,
  textFile,
  truncatedJpeg,
} from '@pipeline/image-core/testing';
import sharp from 'sharp';

async function inputErrorOf(promise: Promise<unknown>): Promise<ImageInputError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ImageInputError);
  return error as ImageInputError;
}

describe('bad input is refused with a typed code', () => {
  it.each([
    { label: 'zero bytes', make: emptyInput, code: 'EMPTY' },
    { label: 'random bytes', make: () => randomBytes(), code: 'UNSUPPORTED_FORMAT' },
    { label: 'a text file', make: textFile, code: 'UNSUPPORTED_FORMAT' },
    { label: 'an SVG', make: svgImage, code: 'UNSUPPORTED_FORMAT' },
    { label: 'a PDF', make: pdfDocument, code: 'UNSUPPORTED_FORMAT' },
  ])('$label is $code', async ({ make, code }) => {
    expect((await inputErrorOf(renderVariants(make(), ['thumbnail']))).code).toBe(code);
    expect((await inputErrorOf(probe(make()))).code).toBe(code);
  });

  it('a truncated JPEG is CORRUPT, keeping the decoder error as cause', async () => {
    const error = await inputErrorOf(renderVariants(await truncatedJpeg(), ['thumbnail', 'web']));
    expect(error.code).toBe('CORRUPT');
    expect(error.cause).toBeInstanceOf(Error);
    // Single-variant (direct) pipelines classify the same way.
    expect((await inputErrorOf(renderVariants(await truncatedJpeg(), ['web']))).code).toBe('CORRUPT');
  });

  it('a truncated JPEG renders when failOn is relaxed to none', async () => {
    const [out] = await renderVariants(await truncatedJpeg(), ['thumbnail'], { failOn: 'none' });
    expect(out?.width).toBe(256);
  });

  it('a PNG claiming 50000x50000 is TOO_MANY_PIXELS from its header, without decoding', async () => {
    const bomb = pngClaiming50000x50000();
    expect(bomb.length).toBeLessThan(100);
    const rssBefore = process.memoryUsage().rss;
    const error = await inputErrorOf(renderVariants(bomb, ['thumbnail', 'web']));
    expect(error.code).toBe('TOO_MANY_PIXELS');
    // 2.5 gigapixels would need 7.5 GB; the header check allocates nothing of that order.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('the pixel limit is configurable and also applies to probe', async () => {
    const bomb = pngClaiming50000x50000();
    await expect(probe(bomb)).rejects.toMatchObject({ code: 'TOO_MANY_PIXELS' });
    // Raised past 2.5 GP the header is accepted; decoding then fails on the bogus pixel data.
    await expect(probe(bomb, { maxPixels: 3_000_000_000 })).resolves.toMatchObject({
      width: 50_000,
      height: 50_000,
    });
  });

  it('PDF stays UNSUPPORTED_FORMAT when allowed but libvips has no PDF loader', async () => {
    const error = await inputErrorOf(probe(pdfDocument(), { allowFormats: ['pdf'] }));
    expect(error.code).toBe(sharp.format.pdf?.input.buffer === true ? 'CORRUPT' : 'UNSUPPORTED_FORMAT');
  });

  it('SVG is accepted only when allowed explicitly', async () => {
    const [out] = await renderVariants(svgImage(), [{ name: 'png', width: 32, format: 'png' }], {
      allowFormats: ['svg'],
    });
    expect(out).toMatchObject({ format: 'png', width: 32, height: 32 });
  });
});
