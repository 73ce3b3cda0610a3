import { countByKind, outcomesFromLogs } from '@pipeline/lambda-kit';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { unpackArtifact } from '@pipeline/lambda-packager';
import {
  cleanupTestBuckets,
  createTestBucket,
  invokeArtifact,
  s3Event,
  testS3Client,
  emfTotals,
} from '@pipeline/testing';
import sharp from 'sharp';
import { builtZip } from '../support/artifacts.js';
import { invokeUnderRole } from '../support/harness.js';
import { quadrantJpegWithOrientation6 } from '../support/images.js';
import { listKeys, readOutput, readRejection, upload } from '../support/s3.js';

// What ships is what is tested: the x86_64 zip (the one this machine can execute), unzipped into
// a folder with no node_modules above it, run by a fresh `node` with real S3 events on the emulator.
const s3 = testS3Client();
let workDir: string;
let functionDir: string;
let source: string;
let destination: string;
let env: Record<string, string>;

beforeAll(async () => {
  ({ root: workDir, taskDir: functionDir } = await unpackArtifact(builtZip('x86_64'), 'resize-artifact'));
  source = await createTestBucket('resize-art-src', s3);
  destination = await createTestBucket('resize-art-dst', s3);
  env = {
    DESTINATION_BUCKET: destination,
    SOURCE_PREFIX: 'uploads',
    LOG_LEVEL: 'INFO',
  };
});

afterAll(async () => {
  await cleanupTestBuckets(s3);
  await rm(workDir, { recursive: true, force: true });
});

describe('the x86_64 artifact, unzipped and run in a fresh Node process', () => {
  it('loads sharp from the zip and renders every variant of a real S3 event', async () => {
    const key = 'uploads/2025/été 50%/my photo+1.jpg';
    const uploaded = await upload(
      s3,
      source,
      key,
      await quadrantJpegWithOrientation6(1200, 1600),
      'image/jpeg',
    );
    const run = await invokeUnderRole(functionDir, s3Event([uploaded]), env);

    expect(run.error).toBeUndefined();
    const outcomes = outcomesFromLogs(run.logs);
    expect(run.summary).toEqual({ outcomes });
    expect(countByKind(outcomes)).toEqual({ written: 1 });
    expect(run.nativeModules).toHaveLength(1);
    expect(
      run.nativeModules[0]?.startsWith(
        join(functionDir, 'node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64-'),
      ),
    ).toBe(true);
    const expected = {
      thumbnail: [192, 256],
      mobile: [450, 600],
      tablet: [576, 768],
      web: [600, 800],
    } as const;
    for (const [name, [width, height]] of Object.entries(expected)) {
      const output = await readOutput(s3, destination, `variants/${name}/2025/été 50%/my photo+1.jpg.jpg`);
      expect(await sharp(output.body).metadata()).toMatchObject({ width, height, format: 'jpeg' });
      expect(output.contentType).toBe('image/jpeg');
      expect(output.metadata['source-key']).toBe(encodeURIComponent(key));
    }
    const processed = run.logs.find((line) => line['message'] === 'object written');
    expect(processed).toMatchObject({
      level: 'INFO',
      outcome: {
        kind: 'written',
        action: 'resized',
        requestId: run.raw.requestId,
        source: { bucket: source, key },
        durationMs: expect.any(Number),
      },
    });
    // The metrics come from the same record, as Powertools EMF lines: one cold start, the variants.
    expect(emfTotals(run.logs)).toEqual({
      ColdStart: 1,
      ObjectsWritten: 1,
      VariantsWritten: 4,
      BytesIn: uploaded.size,
      BytesOut: outcomes[0]?.written.reduce((sum, o) => sum + o.bytes, 0),
    });
    expect(outcomes[0]?.written.map((o) => o.key).sort()).toEqual(
      Object.keys(expected)
        .map((name) => `variants/${name}/2025/été 50%/my photo+1.jpg.jpg`)
        .sort(),
    );
  });

  it('records a bad input and skips its own outputs, without throwing', async () => {
    const bad = await upload(s3, source, 'uploads/fake.jpg', Buffer.from('plain text, not a JPEG'));
    const own = { bucket: destination, key: 'variants/web/2025/loop.jpg', size: 1 };
    const run = await invokeUnderRole(functionDir, s3Event([bad, own]), env);

    expect(countByKind(outcomesFromLogs(run.logs))).toEqual({ rejected: 1, skipped: 1 });
    expect(await readRejection(s3, destination, 'rejected/fake.jpg.json')).toMatchObject({
      error: { code: 'UNSUPPORTED_FORMAT' },
      source: { key: 'uploads/fake.jpg' },
    });
    expect(await listKeys(s3, destination, 'variants/web/2025/loop')).toEqual([]);
    expect(
      run.logs.find((line) => line['level'] === 'WARN' && line['message'] === 'object rejected'),
    ).toMatchObject({ outcome: { kind: 'rejected', code: 'UNSUPPORTED_FORMAT' } });
  });

  it('fails the invocation (so Lambda retries) on a transient error, naming every failed record', async () => {
    const run = await invokeUnderRole(
      functionDir,
      s3Event([{ bucket: 'no-such-bucket-artifact', key: 'uploads/x.jpg', size: 1 }]),
      env,
    );
    expect(run.error).toMatchObject({
      name: 'BatchError',
      code: 'BATCH_FAILED',
      message: expect.stringContaining('BUCKET_NOT_FOUND'),
    });
  });

  it('fails at cold start, naming the variable, when the configuration is bad', async () => {
    const { DESTINATION_BUCKET: _omitted, ...withoutBucket } = env;
    const run = await invokeArtifact(functionDir, s3Event([]), withoutBucket);
    expect(run.error?.message).toMatch(/Expected .+ for DESTINATION_BUCKET but received nothing/);
    expect(run.summary).toBeUndefined();
  });
});
