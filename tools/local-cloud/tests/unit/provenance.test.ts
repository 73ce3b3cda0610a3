/** How the local cloud judges what an output says about its source (no network). */
import { sourceIdentity } from '@pipeline/lambda-kit';
import { describes, type SourceVersion } from '../../src/verify/provenance.js';

const current: SourceVersion = { bucket: 'ingest', key: 'incoming/a.txt', versionId: 'v2', eTag: 'e2' };

describe('describes', () => {
  it("a copy's identity names the version it was copied from (copy's own sourceIdentity)", () => {
    const copiedFromCurrent = sourceIdentity({ ...current, eTag: '"e2"' });
    const copiedFromOlder = sourceIdentity({ ...current, versionId: 'v1', eTag: 'e1' });
    expect(describes({ kind: 'identity', identity: copiedFromCurrent }, current)).toBe(true);
    expect(describes({ kind: 'identity', identity: copiedFromOlder }, current)).toBe(false);
  });

  it('version metadata compares version ids, else bare ETags; nothing said is undecided', () => {
    expect(describes({ kind: 'version', versionId: 'v1', eTag: 'e2' }, current)).toBe(false);
    expect(describes({ kind: 'version', versionId: undefined, eTag: '"e2"' }, current)).toBe(true);
    expect(describes({ kind: 'version', versionId: undefined, eTag: undefined }, current)).toBeUndefined();
    expect(describes({ kind: 'unknown' }, current)).toBeUndefined();
  });
});
