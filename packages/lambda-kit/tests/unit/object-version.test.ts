import { objectVersionOf, unquotedETag, versionIdOf, writtenObject } from '../../src/index.js';

describe('object versions as S3 reports them', () => {
  it('objectVersionOf unquotes the ETag and keeps a real version id', () => {
    expect(objectVersionOf({ VersionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY', ETag: '"d41d8cd9"' })).toEqual({
      versionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
      eTag: 'd41d8cd9',
    });
  });

  it("objectVersionOf leaves out S3's `null` version id and whatever S3 did not report", () => {
    expect(objectVersionOf({ VersionId: 'null', ETag: '"abc-2"' })).toEqual({ eTag: 'abc-2' });
    expect(objectVersionOf({})).toEqual({});
    expect(Object.keys(objectVersionOf({ VersionId: 'null' }))).toEqual([]);
  });

  it('unquotedETag takes bare and quoted ETags alike', () => {
    expect(unquotedETag('"abc"')).toBe('abc');
    expect(unquotedETag('abc')).toBe('abc');
    expect(unquotedETag(undefined)).toBeUndefined();
  });

  it('versionIdOf: `null` is no version', () => {
    expect(versionIdOf('null')).toBeUndefined();
    expect(versionIdOf(undefined)).toBeUndefined();
    expect(versionIdOf('v1')).toBe('v1');
  });

  it('writtenObject lists no `null` version', () => {
    expect(writtenObject('b', 'k', 1, 'null')).toEqual({ bucket: 'b', key: 'k', bytes: 1 });
    expect(writtenObject('b', 'k', 1, 'v1')).toEqual({ bucket: 'b', key: 'k', bytes: 1, versionId: 'v1' });
  });
});
