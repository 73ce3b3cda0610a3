import { S3Client } from '@aws-sdk/client-s3';
import {
  DEFAULT_MAX_REPAIRS,
  keepOutputsCurrent,
  skipped,
  superseded,
  TransientError,
  written,
  type ObjectVersion,
  type S3ObjectRef,
  type VersionAttempt,
  type VersionDiscipline,
} from '../../src/index.js';

/**
 * An S3 client that answers HeadObject with the key's "current version" the test scripts, one
 * answer per request (the last one repeats), and fails any other request: no network.
 */
function scriptedHeads(versions: readonly ObjectVersion[]): { s3: S3Client; heads: () => number } {
  const s3 = new S3Client({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1' });
  let heads = 0;
  s3.middlewareStack.add(
    (next, context) => async () => {
      if (context.commandName !== 'HeadObjectCommand')
        throw new Error(`unit test sent ${context.commandName}`);
      const version = versions[Math.min(heads, versions.length - 1)];
      heads += 1;
      const eTag = version?.eTag === undefined ? undefined : `"${version.eTag}"`;
      const output = { $metadata: {}, VersionId: version?.versionId, ETag: eTag };
      return { output, response: {} };
    },
    { step: 'initialize', name: 'scriptedHeads' },
  );
  return { s3, heads: () => heads };
}

const event: S3ObjectRef = {
  index: 0,
  eventName: 'ObjectCreated:Put',
  bucket: 'in',
  key: 'up/cat.jpg',
  rawKey: 'up/cat.jpg',
  size: 10,
  eTag: 'e1',
  versionId: 'v1',
};

/** A pipeline whose work writes `out/<key>@<version>` for the version its pass names. */
function discipline(s3: S3Client, passes: VersionAttempt[]): VersionDiscipline<string> {
  return {
    s3,
    action: 'copied',
    check: async (pass) => {
      passes.push(pass);
      return { proceed: pass.object.versionId ?? '' };
    },
    work: async (versionId, pass) => ({
      version: { versionId, eTag: pass.object.eTag },
      result: written('copied', [{ bucket: 'out', key: `out/${versionId}`, bytes: 1 }]),
      abandoned: [`out/${versionId}`],
    }),
  };
}

describe('keepOutputsCurrent', () => {
  it('a version still current after the work ends as the work says, with one re-check', async () => {
    const { s3, heads } = scriptedHeads([{ versionId: 'v1', eTag: 'e1' }]);
    const passes: VersionAttempt[] = [];
    const result = await keepOutputsCurrent(event, discipline(s3, passes));
    expect(result).toEqual(written('copied', [{ bucket: 'out', key: 'out/v1', bytes: 1 }]));
    expect(passes).toEqual([{ object: event, repair: 0 }]);
    expect(heads()).toBe(1);
  });

  it('a check that ends the object (superseded, duplicate) writes nothing and re-checks nothing', async () => {
    const { s3, heads } = scriptedHeads([{ versionId: 'v2' }]);
    const work = jest.fn();
    const result = await keepOutputsCurrent(event, {
      s3,
      action: 'copied',
      check: async () => ({ outcome: skipped('duplicate') }),
      work,
    });
    expect(result).toEqual(skipped('duplicate'));
    expect(work).not.toHaveBeenCalled();
    expect(heads()).toBe(0);
  });

  it('a key deleted while the work wrote keeps what was written', async () => {
    const s3 = new S3Client({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1' });
    s3.middlewareStack.add(
      () => async () => {
        throw Object.assign(new Error('Not Found'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } });
      },
      { step: 'initialize', name: 'deleted' },
    );
    const result = await keepOutputsCurrent(event, discipline(s3, []));
    expect(result.kind).toBe('written');
  });

  it('a newer version during the work: one repair from it, superseded, listing its writes and the abandoned ones', async () => {
    const { s3 } = scriptedHeads([
      { versionId: 'v2', eTag: 'e2' },
      { versionId: 'v2', eTag: 'e2' },
    ]);
    const passes: VersionAttempt[] = [];
    const result = await keepOutputsCurrent(event, discipline(s3, passes));
    expect(result).toEqual(
      superseded({ versionId: 'v2', eTag: 'e2' }, [{ bucket: 'out', key: 'out/v2', bytes: 1 }], ['out/v1']),
    );
    expect(passes.map((p) => [p.repair, p.object.versionId, p.object.eTag, p.object.size])).toEqual([
      [0, 'v1', 'e1', 10],
      [1, 'v2', 'e2', undefined],
    ]);
  });

  it('a repair whose check finds the newer version done lists no writes, only the abandoned outputs', async () => {
    const { s3 } = scriptedHeads([{ versionId: 'v2', eTag: 'e2' }]);
    const base = discipline(s3, []);
    const result = await keepOutputsCurrent(event, {
      ...base,
      check: async (pass) => (pass.repair === 0 ? base.check(pass) : { outcome: skipped('duplicate') }),
    });
    expect(result).toEqual(superseded({ versionId: 'v2', eTag: 'e2' }, [], ['out/v1']));
  });

  it('outputs a repair writes again are not listed as replaced', async () => {
    const { s3 } = scriptedHeads([{ versionId: 'v2' }, { versionId: 'v2' }]);
    const result = await keepOutputsCurrent(event, {
      s3,
      action: 'resized',
      check: async (pass) => ({ proceed: pass.object.versionId }),
      work: async (versionId) => ({
        version: { versionId },
        result: written('resized', [{ bucket: 'out', key: 'out/thumb.jpg', bytes: 1 }]),
        abandoned: ['out/thumb.jpg'],
      }),
    });
    expect(result).toEqual(
      superseded({ versionId: 'v2' }, [{ bucket: 'out', key: 'out/thumb.jpg', bytes: 1 }]),
    );
  });

  it(`still changing after ${DEFAULT_MAX_REPAIRS} repairs: SOURCE_UNSTABLE, retried`, async () => {
    const { s3 } = scriptedHeads([
      { versionId: 'v2' },
      { versionId: 'v3' },
      { versionId: 'v4' },
      { versionId: 'v5' },
    ]);
    const passes: VersionAttempt[] = [];
    const error = await keepOutputsCurrent(event, discipline(s3, passes)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({
      code: 'SOURCE_UNSTABLE',
      message: 's3://in/up/cat.jpg kept changing while it was copied',
    });
    expect(passes.map((p) => p.object.versionId)).toEqual(['v1', 'v2', 'v3', 'v4']);
  });

  it('maxRepairs bounds the repairs', async () => {
    const { s3 } = scriptedHeads([{ versionId: 'v2' }, { versionId: 'v3' }]);
    const passes: VersionAttempt[] = [];
    const run = keepOutputsCurrent(event, { ...discipline(s3, passes), maxRepairs: 1 });
    await expect(run).rejects.toMatchObject({ code: 'SOURCE_UNSTABLE' });
    expect(passes.map((p) => p.repair)).toEqual([0, 1]);
  });

  it('the outcome of nested repairs is superseded by the first newer version, listing the last writes', async () => {
    const { s3 } = scriptedHeads([{ versionId: 'v2' }, { versionId: 'v3' }, { versionId: 'v3' }]);
    const result = await keepOutputsCurrent(event, discipline(s3, []));
    expect(result).toEqual(
      superseded({ versionId: 'v2' }, [{ bucket: 'out', key: 'out/v3', bytes: 1 }], ['out/v2', 'out/v1']),
    );
  });
});
