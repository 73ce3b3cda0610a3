import { SOURCE_IDENTITY_NAME, sourceIdentity } from '../../src/index.js';

describe('sourceIdentity (what copy records and the local cloud reads back)', () => {
  // Fixed values: copies made before this test must keep being recognised.
  it('is the SHA-256 of [bucket, key, versionId, bare ETag]', () => {
    const source = {
      bucket: 'ingest',
      key: 'incoming/naïve café+1.txt',
      versionId: 'v1',
      eTag: '"9b2cf535f27731c974343645a3985328"',
    };
    expect(sourceIdentity(source)).toBe('c8237a2cb3a662c4228caa38f8a73e2da15ee678a12c674f6ffb81fb725e56c4');
    expect(sourceIdentity({ bucket: 'ingest', key: 'a.txt', eTag: 'abc' })).toBe(
      '2f25de5f4c5f1031b9fe00fd6dc16b82afa9ae16646666a957b9a930a12848bd',
    );
  });

  it('quoted and bare ETags name one version; another version id is another identity', () => {
    const base = { bucket: 'b', key: 'k', versionId: 'v1', eTag: '"abc"' };
    expect(sourceIdentity({ ...base, eTag: 'abc' })).toBe(sourceIdentity(base));
    expect(sourceIdentity({ ...base, versionId: 'v2' })).not.toBe(sourceIdentity(base));
    expect(sourceIdentity({ ...base, versionId: undefined })).not.toBe(sourceIdentity(base));
  });

  it('is recorded under pipeline-source', () => {
    expect(SOURCE_IDENTITY_NAME).toBe('pipeline-source');
  });
});
