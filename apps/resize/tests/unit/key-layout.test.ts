import { PermanentError } from '@pipeline/lambda-kit';
import { fitsKeyLimit, rejectionKey, variantKey } from '../../src/key-layout.js';

const layout = { sourcePrefix: 'uploads/', outputPrefix: 'variants/', rejectedPrefix: 'rejected/' };

describe('variantKey', () => {
  it('puts the whole relative key, then the output extension, under <output>/<variant>/', () => {
    expect(variantKey(layout, 'uploads/2024/06/cat.jpeg', 'thumbnail', 'jpg')).toBe(
      'variants/thumbnail/2024/06/cat.jpeg.jpg',
    );
  });

  it('gives every source key its own outputs: no two sources share a variant key', () => {
    const sources = ['cat.jpg', 'cat.jpeg', 'cat.tiff', 'cat', 'cat.jpg.jpg', 'CAT.JPG', 'cat.png'];
    const keys = sources.map((name) => variantKey(layout, `uploads/pets/${name}`, 'web', 'jpg'));
    expect(new Set(keys).size).toBe(sources.length);
  });

  it('keeps spaces, + , % and unicode as they are', () => {
    expect(variantKey(layout, 'uploads/a b/c+d%20é/ünï 😀.png', 'web', 'png')).toBe(
      'variants/web/a b/c+d%20é/ünï 😀.png.png',
    );
  });

  it('works with the whole bucket as source', () => {
    expect(variantKey({ ...layout, sourcePrefix: '' }, 'x/y.gif', 'mobile', 'png')).toBe(
      'variants/mobile/x/y.gif.png',
    );
  });

  it('refuses a key outside the source prefix as a permanent error', () => {
    expect(() => variantKey(layout, 'uploads-old/cat.jpg', 'web', 'jpg')).toThrow(PermanentError);
    expect(() => variantKey(layout, 'uploads-old/cat.jpg', 'web', 'jpg')).toThrow(
      expect.objectContaining({ code: 'KEY_OUTSIDE_PREFIX' }),
    );
  });
});

describe('rejectionKey', () => {
  it('is <rejected>/<relative key>.json, keeping the original extension', () => {
    expect(rejectionKey(layout, 'uploads/a b/notes.jpg')).toBe('rejected/a b/notes.jpg.json');
  });

  it('keeps the whole key when it lies outside the source prefix', () => {
    expect(rejectionKey(layout, 'elsewhere/x.jpg')).toBe('rejected/elsewhere/x.jpg.json');
  });
});

describe('fitsKeyLimit', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(fitsKeyLimit('a'.repeat(1024))).toBe(true);
    expect(fitsKeyLimit('é'.repeat(513))).toBe(false);
  });
});
