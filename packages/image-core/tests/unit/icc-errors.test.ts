import {
  ImageCoreError,
  ImageInputError,
  ImageOptionsError,
  ImageProcessingError,
  isSrgbProfile,
} from '@pipeline/image-core';
import sharp from 'sharp';

async function profileOf(profile: 'srgb' | 'p3' | 'cmyk'): Promise<Buffer | undefined> {
  const image = sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).withIccProfile(
    profile,
  );
  return (await sharp(await image.jpeg().toBuffer()).metadata()).icc;
}

describe('isSrgbProfile', () => {
  it('recognises an sRGB profile and nothing else', async () => {
    expect(isSrgbProfile(await profileOf('srgb'))).toBe(true);
    expect(isSrgbProfile(await profileOf('p3'))).toBe(false);
    expect(isSrgbProfile(await profileOf('cmyk'))).toBe(false);
    expect(isSrgbProfile(undefined)).toBe(false);
    expect(isSrgbProfile(Buffer.alloc(200))).toBe(false);
  });

  it('reads an ICC v2 textDescription tag', () => {
    const profile = Buffer.alloc(300);
    profile.write('RGB ', 16, 'latin1');
    profile.writeUInt32BE(1, 128);
    profile.write('desc', 132, 'latin1');
    profile.writeUInt32BE(200, 136);
    profile.writeUInt32BE(60, 140);
    profile.write('desc', 200, 'latin1');
    profile.writeUInt32BE(18, 208);
    profile.write('sRGB IEC61966-2.1\0', 212, 'latin1');
    expect(isSrgbProfile(profile)).toBe(true);
    profile.write('Adobe RGB (1998)\0', 212, 'latin1');
    expect(isSrgbProfile(profile)).toBe(false);
  });
});

describe('error hierarchy', () => {
  it('has named classes with codes and causes', () => {
    const cause = new Error('decoder said no');
    const input = new ImageInputError('CORRUPT', 'bad', { cause });
    expect(input).toBeInstanceOf(ImageCoreError);
    expect(input).toMatchObject({ name: 'ImageInputError', code: 'CORRUPT', cause });
    expect(new ImageOptionsError('width', 'x')).toMatchObject({
      name: 'ImageOptionsError',
      code: 'INVALID_OPTION',
      option: 'width',
    });
    expect(new ImageProcessingError('x')).toMatchObject({
      name: 'ImageProcessingError',
      code: 'PROCESSING_FAILED',
    });
  });
});
