import {
  outputFormatInfo,
  probe,
  renderVariants,
  resolveOutputFormat,
  sniffFormat,
} from '@pipeline/image-core';
import {
  FRAME_COLOURS,
  animatedGif,
  animatedWebp,
  colourDistance,
  describeImage,
  markedImage,
  meanColour,
  pdfDocument,
  smallJpeg,
  svgImage,
} from '@pipeline/image-core/testing';

const rgb = (hex: string) => ({
  r: parseInt(hex.slice(1, 3), 16),
  g: parseInt(hex.slice(3, 5), 16),
  b: parseInt(hex.slice(5, 7), 16),
});

describe('recognition by content', () => {
  it.each(['png', 'webp', 'avif', 'tiff', 'gif'] as const)(
    '%s is recognised from its bytes',
    async (format) => {
      const input = await markedImage(format);
      expect(sniffFormat(input)).toBe(format);
      expect(await probe(input)).toMatchObject({
        format,
        width: 200,
        height: 100,
        pages: 1,
        bytes: input.length,
      });
    },
  );

  it('recognises JPEG, SVG and PDF whatever a file name would say', async () => {
    expect(sniffFormat(await smallJpeg())).toBe('jpeg');
    expect(sniffFormat(svgImage())).toBe('svg');
    expect(sniffFormat(pdfDocument())).toBe('pdf');
    expect(sniffFormat(Buffer.from('\uFEFF  <svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('svg');
    expect(sniffFormat(Buffer.from('<html><body>no</body></html>'))).toBe('unknown');
  });

  it('tells HEIC from AVIF by brand', () => {
    const ftyp = (major: string, ...compatible: string[]) => {
      const box = Buffer.alloc(16 + compatible.length * 4);
      box.writeUInt32BE(box.length, 0);
      box.write(`ftyp${major}`, 4, 'latin1');
      compatible.forEach((brand, index) => box.write(brand, 16 + index * 4, 'latin1'));
      return box;
    };
    expect(sniffFormat(ftyp('avif', 'mif1'))).toBe('avif');
    expect(sniffFormat(ftyp('mif1', 'avif'))).toBe('avif');
    expect(sniffFormat(ftyp('heic', 'mif1'))).toBe('heic');
  });
});

describe("format 'original'", () => {
  it.each([
    ['png', 'png'],
    ['webp', 'webp'],
    ['avif', 'avif'],
    ['tiff', 'jpeg'],
    ['gif', 'png'], // libvips decodes GIF with an alpha channel
  ] as const)('%s input gives %s output', async (input, expected) => {
    const [out] = await renderVariants(await markedImage(input), ['half']);
    expect(out).toMatchObject({
      format: expected,
      width: 100,
      height: 50,
      extension: outputFormatInfo(expected).extension,
    });
  });

  it('gives PNG for inputs with alpha in formats we do not keep', () => {
    expect(resolveOutputFormat('original', { format: 'tiff', hasAlpha: true }, false)).toBe('png');
    expect(resolveOutputFormat('original', { format: 'gif', hasAlpha: true }, true)).toBe('gif');
    expect(resolveOutputFormat('webp', { format: 'gif', hasAlpha: true }, false)).toBe('webp');
  });
});

describe('animation', () => {
  it('probe counts the frames', async () => {
    expect(await probe(await animatedGif())).toMatchObject({
      format: 'gif',
      width: 64,
      height: 48,
      pages: 3,
    });
  });

  it('renders the first frame by default', async () => {
    const [out] = await renderVariants(await animatedGif(), ['half', 'thumbnail']);
    expect(out).toMatchObject({ width: 32, height: 24, format: 'png' });
    expect(await describeImage(out!.data)).toMatchObject({ pages: 1 });
    expect(colourDistance(await meanColour(out!.data), rgb(FRAME_COLOURS[0]))).toBeLessThan(10);
  });

  it.each([
    ['GIF', animatedGif, 'gif'],
    ['WebP', animatedWebp, 'webp'],
  ] as const)('keeps every frame of an animated %s on request', async (_label, make, format) => {
    const [out, still] = await renderVariants(
      await make(),
      ['half', { name: 'still', scale: 0.5, format: 'jpeg' }],
      { animated: true },
    );
    expect(out).toMatchObject({ format, width: 32, height: 24 });
    expect(await describeImage(out!.data)).toMatchObject({ pages: 3, width: 32, height: 24 });
    expect(still).toMatchObject({ format: 'jpeg', width: 32, height: 24 });
    expect(await describeImage(still!.data)).toMatchObject({ pages: 1, height: 24 });
  });

  it('counts all frames against the pixel limit when animation is kept', async () => {
    const gif = await animatedGif(); // 64x48 x 3 frames = 9216 pixels
    await expect(renderVariants(gif, ['half'], { animated: true, maxPixels: 5000 })).rejects.toMatchObject({
      code: 'TOO_MANY_PIXELS',
    });
    await expect(renderVariants(gif, ['half'], { maxPixels: 5000 })).resolves.toHaveLength(1);
  });
});
