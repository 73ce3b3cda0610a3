import { countByKind, outcomesFromLogs } from '@pipeline/lambda-kit';
import { readFile, rm } from 'node:fs/promises';
import { DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { inspectZip, readZipEntry, sha256 } from '@pipeline/lambda-packager';
import { cleanupTestBuckets, invokeArtifact, readBody, s3Event, testS3Client } from '@pipeline/testing';
import { buildArtifacts, unpack, zipPath } from '../support/artifact.js';
import { bucketPair, MiB, patternedBody, putSource, withCopyRole } from '../support/harness.js';

let dir: string;
let root: string;

let builtHash: string;

// Rebuilding gives the same bytes (asserted below), so the zip under test is the one `pnpm build` ships.
beforeAll(async () => {
  await buildArtifacts();
  builtHash = sha256(await readFile(zipPath('x86_64')));
  ({ root, taskDir: dir } = await unpack('x86_64'));
}, 120_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await cleanupTestBuckets();
});

describe('copy artifact (what ships)', () => {
  it('is a small deterministic zip: bundle, source map, package.json, nothing else', async () => {
    await buildArtifacts();
    const rebuilt = await readFile(zipPath('x86_64'));
    expect(sha256(rebuilt)).toBe(builtHash);
    expect(rebuilt.length).toBeLessThan(1024 * 1024);
    const { entries, nativeBinaries } = await inspectZip(zipPath('x86_64'));
    expect(entries.map((e) => e.path)).toEqual(['index.js', 'index.js.map', 'package.json']);
    expect(entries.some((e) => e.isSymlink)).toBe(false);
    expect(nativeBinaries).toEqual({});
    // No native code: the arm64 zip is byte for byte the x86_64 one.
    expect(sha256(await readFile(zipPath('arm64')))).toBe(builtHash);
  });

  it('bundles the pinned AWS SDK instead of requiring the runtime one, with a relative source map', async () => {
    const code = (await readZipEntry(zipPath('x86_64'), 'index.js')).toString('utf8');
    // Only the optional CRT signer (SigV4a, multi-region access points) stays a guarded require.
    const sdkRequires = new Set(code.match(/require\("@aws-sdk\/[^"]+"\)/g));
    expect([...sdkRequires]).toEqual(['require("@aws-sdk/signature-v4-crt")']);
    expect(code.includes('3.1169.0')).toBe(true);
    const map = JSON.parse((await readZipEntry(zipPath('x86_64'), 'index.js.map')).toString('utf8')) as {
      sources: string[];
      sourcesContent?: unknown;
    };
    expect(map.sourcesContent).toBeUndefined();
    expect(map.sources).toEqual(
      expect.arrayContaining(['apps/copy/src/handler.ts', 'apps/copy/src/copy.ts']),
    );
    expect(map.sources.filter((source) => source.startsWith('/'))).toEqual([]);
  });

  it('copies real S3 events against the emulator in a fresh Node process: keys, multipart, deleted object, duplicate', async () => {
    const { source, destination } = await bucketPair();
    const records = [
      await putSource({
        Bucket: source,
        Key: 'in/a b+c%d/é ☕.txt',
        Body: 'tiny',
        ContentType: 'text/plain',
        Metadata: { k: 'v' },
      }),
      await putSource({
        Bucket: source,
        Key: 'in/big.bin',
        Body: patternedBody(6 * MiB),
        CacheControl: 'no-cache',
        Tagging: 't=1',
      }),
      await putSource({ Bucket: source, Key: 'in/deleted.txt', Body: 'x' }),
    ];
    await testS3Client().send(new DeleteObjectCommand({ Bucket: source, Key: 'in/deleted.txt' }));
    const env = await withCopyRole(
      {
        DESTINATION_BUCKET: destination,
        SOURCE_PREFIX: 'in',
        DESTINATION_PREFIX: 'out',
        MULTIPART_THRESHOLD_BYTES: String(5 * MiB),
        MULTIPART_PART_SIZE_BYTES: String(5 * MiB),
      },
      source,
    );
    const first = await invokeArtifact(dir, s3Event(records), env, { functionName: 'copy' });
    expect(first.error).toBeUndefined();
    // Traced on Lambda, silent here: without trace data the X-Ray SDK must not log per S3 call (lambda-kit tracing.ts).
    expect(first.raw.logs.filter((line) => line.includes('Missing AWS Lambda trace data'))).toEqual([]);
    const outcomes = outcomesFromLogs(first.logs);
    expect(countByKind(outcomes)).toEqual({ written: 2, rejected: 1 });
    // The handler returns the records it logs (in record order; the log has them in completion order).
    const returned = (first.summary as { outcomes: unknown[] }).outcomes;
    expect(returned).toHaveLength(outcomes.length);
    expect(returned).toEqual(expect.arrayContaining(outcomes));
    const s3 = testS3Client();
    expect((await readBody(s3, destination, 'out/a b+c%d/é ☕.txt')).toString()).toBe('tiny');
    expect((await readBody(s3, destination, 'out/big.bin')).equals(patternedBody(6 * MiB))).toBe(true);
    expect(
      (await s3.send(new HeadObjectCommand({ Bucket: destination, Key: 'out/big.bin' }))).CacheControl,
    ).toBe('no-cache');
    expect(
      JSON.parse((await readBody(s3, destination, `rejected/${source}/in/deleted.txt.json`)).toString()),
    ).toMatchObject({ error: { code: 'OBJECT_NOT_FOUND' } });
    const multipartLine = first.logs.find(
      (line) => (line['outcome'] as { source?: { key?: string } } | undefined)?.source?.key === 'in/big.bin',
    );
    expect(multipartLine).toMatchObject({
      level: 'INFO',
      service: 'copy',
      outcome: {
        kind: 'written',
        pipeline: 'copy',
        requestId: first.raw.requestId,
        source: { bucket: source, key: 'in/big.bin' },
        written: [{ bucket: destination, key: 'out/big.bin', bytes: 6 * MiB }],
        measures: { parts: 2 },
        durationMs: expect.any(Number),
      },
    });

    const repeat = await invokeArtifact(dir, s3Event(records.slice(0, 2)), env, { functionName: 'copy' });
    expect(countByKind(outcomesFromLogs(repeat.logs))).toEqual({ skipped: 2 });
  }, 60_000);

  it('fails cold start with an error naming a missing variable', async () => {
    const outcome = await invokeArtifact(dir, s3Event([]), {});
    expect(outcome.error?.message).toContain(
      'Expected a non-empty value for DESTINATION_BUCKET but received nothing',
    );
  });

  it('throws a malformed event back to Lambda with every failure named', async () => {
    const { destination } = await bucketPair();
    const outcome = await invokeArtifact(
      dir,
      {
        Records: [
          { eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key: 'bad%zz' } } },
        ],
      },
      { DESTINATION_BUCKET: destination },
    );
    expect(outcome.error).toMatchObject({
      name: 'BatchError',
      code: 'BATCH_FAILED',
      failures: ['KEY_MALFORMED'],
    });
  });
});
