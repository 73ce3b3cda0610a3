import {
  decodeS3Key,
  isUnderPrefix,
  joinKey,
  KeyDecodeError,
  normalizePrefix,
  PermanentError,
  relativeKey,
} from '../../src/index.js';
import { encodeS3EventKey } from '@pipeline/testing';

describe('decodeS3Key', () => {
  it.each([
    ['plain/key.jpg', 'plain/key.jpg'],
    ['my+photo.jpg', 'my photo.jpg'],
    ['a%2Bb.jpg', 'a+b.jpg'],
    ['100%25+done.csv', '100% done.csv'],
    ['caf%C3%A9/%E6%97%A5%E6%9C%AC.png', 'café/日本.png'],
    ['deep%2Fnested%2Fkey.txt', 'deep/nested/key.txt'],
    ['deep/nested%2Fmixed/key.txt', 'deep/nested/mixed/key.txt'],
    ['emoji%F0%9F%98%80.txt', 'emoji😀.txt'],
  ])('decodes %s', (raw, decoded) => {
    expect(decodeS3Key(raw)).toBe(decoded);
  });

  it.each(['a b/c+d%e 日本/x.txt', 'a/b/c/d/e/f/g/h/i/j/k.bin', "it's (1) ~!*.txt"])(
    'round-trips the event encoding of %s',
    (key) => {
      expect(decodeS3Key(encodeS3EventKey(key))).toBe(key);
      expect(decodeS3Key(encodeS3EventKey(key).replace(/\//g, '%2F'))).toBe(key);
    },
  );

  it.each(['100%.txt', 'bad%zzkey', '%E6%97.txt', '%'])(
    'rejects malformed percent sequence in %s with a permanent KEY_MALFORMED error',
    (raw) => {
      let caught: unknown;
      try {
        decodeS3Key(raw);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(KeyDecodeError);
      expect(caught).toBeInstanceOf(PermanentError);
      expect(caught).toMatchObject({ code: 'KEY_MALFORMED', rawKey: raw });
      expect((caught as Error).message).toContain(JSON.stringify(raw));
      expect((caught as Error).cause).toBeInstanceOf(URIError);
    },
  );
});

describe('prefixes', () => {
  it('normalizes to folder form', () => {
    expect(normalizePrefix('')).toBe('');
    expect(normalizePrefix('/')).toBe('');
    expect(normalizePrefix('uploads')).toBe('uploads/');
    expect(normalizePrefix('/uploads//')).toBe('uploads/');
    expect(normalizePrefix('a/b')).toBe('a/b/');
  });

  it('matches whole folders only', () => {
    expect(isUnderPrefix('uploads/a.jpg', 'uploads')).toBe(true);
    expect(isUnderPrefix('uploads-old/a.jpg', 'uploads')).toBe(false);
    expect(isUnderPrefix('anything', '')).toBe(true);
  });

  it('gives the key relative to the prefix and joins it to another', () => {
    expect(relativeKey('uploads/2024/05/a b.jpg', 'uploads/')).toBe('2024/05/a b.jpg');
    expect(relativeKey('x.jpg', '')).toBe('x.jpg');
    expect(joinKey('copies', relativeKey('uploads/2024/a.jpg', 'uploads'))).toBe('copies/2024/a.jpg');
    expect(joinKey('', 'a.jpg')).toBe('a.jpg');
  });

  it('refuses a key outside the prefix with a permanent error', () => {
    expect(() => relativeKey('other/a.jpg', 'uploads')).toThrow(
      expect.objectContaining({ code: 'KEY_OUTSIDE_PREFIX', permanent: true }),
    );
  });
});
