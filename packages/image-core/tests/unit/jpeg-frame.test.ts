import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { smallJpeg, textFile } from '@pipeline/image-core/testing';
import sharp from 'sharp';
import { jpegProcess } from '../../src/jpeg-frame.js';

/** SOI, an APP0 segment, a frame header with the given SOFn marker, then SOS. */
const withFrame = (marker: number): Buffer =>
  Buffer.from([
    ...[0xff, 0xd8],
    ...[0xff, 0xe0, 0x00, 0x04, 0x00, 0x00],
    ...[0xff, marker, 0x00, 0x0b, 0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00],
    ...[0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00],
  ]);

describe('jpegProcess', () => {
  it('reads sharp-written JPEGs as baseline and progressive', async () => {
    expect(jpegProcess(await smallJpeg())).toBe('baseline');
    const progressive = await sharp(await smallJpeg())
      .jpeg({ progressive: true })
      .toBuffer();
    expect(jpegProcess(progressive)).toBe('progressive');
  });

  it('reads the lossless fixture as lossless (SOF3 after an APP14 segment)', async () => {
    const fixture = await readFile(join(__dirname, '..', 'fixtures', 'lossless-testimgl.jpg'));
    expect(jpegProcess(fixture)).toBe('lossless');
  });

  it.each([
    ['c0', 'baseline'],
    ['c1', 'extended'],
    ['c2', 'progressive'],
    ['c3', 'lossless'],
    ['c5', 'extended'],
    ['c6', 'progressive'],
    ['c7', 'lossless'],
    ['c9', 'extended'],
    ['ca', 'progressive'],
    ['cb', 'lossless'],
    ['cd', 'extended'],
    ['ce', 'progressive'],
    ['cf', 'lossless'],
  ])('reads SOF marker 0xff%s as %s', (marker, process) => {
    expect(jpegProcess(withFrame(parseInt(marker, 16)))).toBe(process);
  });

  it('skips DHT, DAC and fill bytes before the frame', () => {
    const dht = [0xff, 0xc4, 0x00, 0x02];
    const dac = [0xff, 0xcc, 0x00, 0x02];
    const frame = withFrame(0xc3);
    const input = Buffer.from([...frame.subarray(0, 2), ...dht, 0xff, ...dac, ...frame.subarray(2)]);
    expect(jpegProcess(input)).toBe('lossless');
  });

  it('answers undefined for non-JPEG, truncated or frameless input', async () => {
    expect(jpegProcess(textFile())).toBeUndefined();
    expect(jpegProcess(Buffer.from([0xff, 0xd8]))).toBeUndefined();
    expect(jpegProcess(withFrame(0xc3).subarray(0, 9))).toBeUndefined();
    expect(jpegProcess(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08]))).toBeUndefined();
    expect(jpegProcess(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01, 0xff, 0xc3]))).toBeUndefined();
  });
});
