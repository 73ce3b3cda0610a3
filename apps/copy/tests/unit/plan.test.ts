import { sourceIdentity, type S3ObjectRef } from '@pipeline/lambda-kit';
import { loadConfig } from '../../src/config.js';
import { metadataHasRoom, tagsHaveRoom } from '../../src/identity.js';
import { taggingHeader } from '../../src/headers.js';
import { planParts } from '../../src/multipart.js';
import { destinationKeyFor, rejectionKeyFor } from '../../src/routing.js';
import { copySourceOf } from '../../src/source.js';

const ref = (bucket: string, key: string): S3ObjectRef => ({
  index: 0,
  eventName: 'ObjectCreated:Put',
  bucket,
  key,
  rawKey: key,
});
const config = loadConfig({ DESTINATION_BUCKET: 'dst', SOURCE_PREFIX: 'in', DESTINATION_PREFIX: 'out' });

describe('routing', () => {
  it('maps source prefix + relative key to destination prefix + relative key', () => {
    expect(destinationKeyFor(config, ref('src', 'in/a/b c/d.txt'))).toBe('out/a/b c/d.txt');
    expect(() => destinationKeyFor(config, ref('src', 'elsewhere/d.txt'))).toThrow(
      expect.objectContaining({ code: 'KEY_OUTSIDE_PREFIX' }),
    );
  });

  it('guards against copies that would trigger the function again', () => {
    const same = loadConfig({ DESTINATION_BUCKET: 'bkt', SOURCE_PREFIX: '', DESTINATION_PREFIX: 'out' });
    expect(() => destinationKeyFor(same, ref('bkt', 'x.txt'))).toThrow(
      expect.objectContaining({ code: 'RECURSION_GUARD', permanent: true }),
    );
    expect(destinationKeyFor(same, ref('other', 'x.txt'))).toBe('out/x.txt');
    expect(same.ownPrefixes).toEqual(['out/', 'rejected/']);
    expect(rejectionKeyFor(same, ref('src', 'in/é.txt'))).toBe('rejected/src/in/é.txt.json');
  });
});

describe('multipart plan', () => {
  it('covers every byte once, in order', () => {
    expect(planParts(12, 5)).toEqual([
      { partNumber: 1, start: 0, end: 4 },
      { partNumber: 2, start: 5, end: 9 },
      { partNumber: 3, start: 10, end: 11 },
    ]);
    expect(planParts(10, 5)).toHaveLength(2);
  });

  it('grows the part size to stay within 10,000 parts', () => {
    const size = 5 * 1024 ** 4; // 5 TiB, S3's object maximum
    const parts = planParts(size, 5 * 1024 ** 2);
    expect(parts).toHaveLength(10_000);
    expect(parts.at(-1)?.end).toBe(size - 1);
  });
});

describe('source identity and headers', () => {
  it('is a fixed-length hash of bucket, key, version and ETag (quotes ignored)', () => {
    const base = { bucket: 'b', key: 'k ☕', versionId: 'v1', eTag: '"abc"' };
    expect(sourceIdentity(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(sourceIdentity({ ...base, eTag: 'abc' })).toBe(sourceIdentity(base));
    expect(sourceIdentity({ ...base, versionId: 'v2' })).not.toBe(sourceIdentity(base));
  });

  it('falls back from metadata to a tag on a clash or a full 2 KiB', () => {
    expect(metadataHasRoom({ owner: 'a' })).toBe(true);
    expect(metadataHasRoom({ 'pipeline-source': 'theirs' })).toBe(false);
    expect(metadataHasRoom({ big: 'x'.repeat(2000) })).toBe(false);
    expect(tagsHaveRoom([{ Key: 'a', Value: '1' }])).toBe(true);
    expect(tagsHaveRoom(Array.from({ length: 10 }, (_, i) => ({ Key: `t${i}`, Value: '' })))).toBe(false);
  });

  it('URL-encodes CopySource per segment and the tagging header', () => {
    expect(copySourceOf({ bucket: 'b', key: 'a b/c+d%/é.txt' })).toBe('b/a%20b/c%2Bd%25/%C3%A9.txt');
    expect(copySourceOf({ bucket: 'b', key: 'k', versionId: 'x/y' })).toBe('b/k?versionId=x%2Fy');
    expect(
      taggingHeader([
        { Key: 'a b', Value: 'c&d' },
        { Key: 'e', Value: '' },
      ]),
    ).toBe('a%20b=c%26d&e=');
    expect(taggingHeader([])).toBeUndefined();
  });
});
