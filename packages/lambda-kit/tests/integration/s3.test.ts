import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import {
  cleanupTestBuckets,
  createTestBucket,
  listKeys,
  readBody,
  s3Event,
  testS3Client,
} from '@pipeline/testing';
import {
  classifyS3Error,
  createS3Client,
  definePipeline,
  MemoryLog,
  outcomesFromLogs,
  PermanentError,
  rejectionRecord,
  writeRejection,
  written,
  type S3ObjectRef,
} from '../../src/index.js';

afterAll(() => cleanupTestBuckets());

describe('S3 plumbing against the emulator', () => {
  it('createS3Client reaches the emulator through AWS_ENDPOINT_URL, path-style', async () => {
    const bucket = await createTestBucket('kit');
    const s3 = createS3Client();
    expect(s3.config.forcePathStyle).toBe(true);
    const error = await s3
      .send(new GetObjectCommand({ Bucket: bucket, Key: 'missing' }))
      .catch((e: unknown) => e);
    expect(classifyS3Error(error)).toMatchObject({ code: 'OBJECT_NOT_FOUND', permanent: true });
    const head = await s3
      .send(new HeadObjectCommand({ Bucket: bucket, Key: 'missing' }))
      .catch((e: unknown) => e);
    expect(classifyS3Error(head)).toMatchObject({ code: 'OBJECT_NOT_FOUND' });
  });

  it('writeRejection stores a JSON record of the input and its error', async () => {
    const bucket = await createTestBucket('kit');
    const object: S3ObjectRef = {
      index: 0,
      eventName: 'ObjectCreated:Put',
      bucket: 'src',
      key: 'in/a b.txt',
      rawKey: 'in/a+b.txt',
      versionId: 'v1',
    };
    const record = rejectionRecord(
      object,
      new PermanentError('OBJECT_NOT_FOUND', 'gone'),
      'req-1',
      new Date('2026-01-01T00:00:00Z'),
    );
    const stored = await writeRejection(createS3Client(), bucket, 'rejected/in/a b.txt.json', record);
    expect(stored).toEqual({ bucket, key: 'rejected/in/a b.txt.json', bytes: expect.any(Number) });
    const body = await readBody(testS3Client(), bucket, 'rejected/in/a b.txt.json');
    expect(body.byteLength).toBe(stored.bytes);
    expect(JSON.parse(body.toString('utf8'))).toEqual({
      schema: 'pipeline.rejection/v1',
      source: { bucket: 'src', key: 'in/a b.txt', versionId: 'v1' },
      error: { name: 'PermanentError', code: 'OBJECT_NOT_FOUND', message: 'gone' },
      requestId: 'req-1',
      rejectedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('writeRejection failures are transient', async () => {
    const record = rejectionRecord(
      { index: 0, eventName: 'ObjectCreated:Put', bucket: 'b', key: 'k', rawKey: 'k' },
      new PermanentError('X', 'x'),
    );
    await expect(
      writeRejection(createS3Client(), 'no-such-bucket-for-kit-test', 'k.json', record),
    ).rejects.toMatchObject({ code: 'REJECTION_WRITE_FAILED', permanent: false });
  });
});

describe('definePipeline against the emulator', () => {
  it('writes a rejection record for a permanent failure and lists it in the rejected outcome', async () => {
    const bucket = await createTestBucket('kit');
    const log = new MemoryLog();
    const handler = definePipeline(
      {
        name: 'demo',
        loadConfig: () => ({
          destinationBucket: bucket,
          sourcePrefix: 'in/',
          ownPrefixes: ['rejected/'],
          rejectedPrefix: 'rejected/',
        }),
        clients: () => ({ s3: createS3Client() }),
        concurrency: { default: 1, max: 1 },
        process: async () => {
          throw new PermanentError('CORRUPT', 'not an image');
        },
        rejectionKey: (object) => `rejected/${object.key}.json`,
      },
      { env: {}, log },
    );
    const result = await handler(s3Event([{ bucket: 'src', key: 'in/a.jpg' }]), {
      awsRequestId: 'req-9',
    } as Context);
    const body = await readBody(testS3Client(), bucket, 'rejected/in/a.jpg.json');
    expect(result.outcomes).toEqual([
      expect.objectContaining({
        kind: 'rejected',
        code: 'CORRUPT',
        message: 'not an image',
        written: [{ bucket, key: 'rejected/in/a.jpg.json', bytes: body.byteLength }],
      }),
    ]);
    expect(JSON.parse(body.toString('utf8'))).toMatchObject({
      error: { code: 'CORRUPT' },
      requestId: 'req-9',
    });
    expect(outcomesFromLogs(log.lines.map((line) => line.attributes))).toEqual(result.outcomes);
  });

  it('rejects a key too long for its rejection key under a hash of it, naming the whole key inside', async () => {
    const bucket = await createTestBucket('kit');
    const longKey = `in/${'é'.repeat(508)}.jpg`; // 1,023 bytes: fits S3, but not with the rejected prefix and .json
    const handler = definePipeline(
      {
        name: 'demo',
        loadConfig: () => ({
          destinationBucket: bucket,
          sourcePrefix: 'in/',
          ownPrefixes: ['rejected/'],
          rejectedPrefix: 'rejected/',
        }),
        clients: () => ({ s3: createS3Client() }),
        concurrency: { default: 1, max: 1 },
        process: async () => {
          throw new PermanentError('CORRUPT', 'not an image');
        },
        rejectionKey: (object) => `rejected/${object.key}.json`,
      },
      { env: {}, log: new MemoryLog() },
    );
    const result = await handler(s3Event([{ bucket: 'src', key: longKey }]), {
      awsRequestId: 'r',
    } as Context);
    const [outcome] = result.outcomes;
    expect(outcome).toMatchObject({ kind: 'rejected', code: 'CORRUPT' });
    const key = outcome?.written[0]?.key ?? '';
    expect(key).toMatch(/^rejected\/_long-keys\/[0-9a-f]{64}\.json$/);
    const record = JSON.parse((await readBody(testS3Client(), bucket, key)).toString('utf8')) as {
      source: { key: string };
    };
    expect(record.source.key).toBe(longKey);
  });

  it('counts the S3 requests of each object in its own record, even while records run at once', async () => {
    const bucket = await createTestBucket('kit');
    const s3 = createS3Client();
    const handler = definePipeline(
      {
        name: 'demo',
        loadConfig: () => ({
          destinationBucket: bucket,
          sourcePrefix: 'in/',
          ownPrefixes: ['out/'],
          rejectedPrefix: 'rejected/',
        }),
        clients: () => ({ s3 }),
        concurrency: { default: 2, max: 2 },
        process: async (object) => {
          const heads = object.key === 'in/three' ? 3 : 1;
          for (let i = 0; i < heads; i++) {
            await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'missing' })).catch(() => undefined);
            await new Promise((resolve) => setTimeout(resolve, 5)); // interleave the two records
          }
          await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `out/${object.key}`, Body: 'x' }));
          return written('tested', [{ bucket, key: `out/${object.key}`, bytes: 1 }]);
        },
        rejectionKey: (object) => `rejected/${object.key}.json`,
      },
      { env: {}, log: new MemoryLog() },
    );
    const result = await handler(
      s3Event([
        { bucket: 'src', key: 'in/one' },
        { bucket: 'src', key: 'in/three' },
      ]),
      { awsRequestId: 'r' } as Context,
    );
    expect(result.outcomes.map((o) => o.s3Requests)).toEqual([
      // ...and the DeleteObjects that clears a stale rejection record of the key, if any.
      { HeadObject: 1, PutObject: 1, DeleteObjects: 1 },
      { HeadObject: 3, PutObject: 1, DeleteObjects: 1 },
    ]);
  });

  it('clears what no longer describes the key: a rejection record after a success, listed stale outputs after a rejection', async () => {
    const bucket = await createTestBucket('kit');
    const s3 = createS3Client();
    let bad = true;
    const handler = definePipeline(
      {
        name: 'demo',
        loadConfig: () => ({
          destinationBucket: bucket,
          sourcePrefix: 'in/',
          ownPrefixes: ['out/', 'rejected/'],
          rejectedPrefix: 'rejected/',
        }),
        clients: () => ({ s3 }),
        concurrency: { default: 1, max: 1 },
        process: async (object) => {
          if (bad) throw new PermanentError('CORRUPT', 'bad version');
          await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `out/${object.key}.png`, Body: 'x' }));
          return written('tested', [{ bucket, key: `out/${object.key}.png`, bytes: 1 }]);
        },
        rejectionKey: (object) => `rejected/${object.key}.json`,
        // This pipeline's outputs for a key: one per output format.
        staleOutputs: (object) => ['png', 'jpg'].map((ext) => `out/${object.key}.${ext}`),
      },
      { env: {}, log: new MemoryLog() },
    );
    const run = () => handler(s3Event([{ bucket: 'src', key: 'in/a' }]), { awsRequestId: 'r' } as Context);
    // An earlier good version left a JPEG output; this version is bad: the JPEG no longer describes the key.
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'out/in/a.jpg', Body: 'old' }));
    await run();
    expect(await listKeys(testS3Client(), bucket)).toEqual(['rejected/in/a.json']);
    // A good version follows: its output is written and the rejection record is gone.
    bad = false;
    await run();
    expect(await listKeys(testS3Client(), bucket)).toEqual(['out/in/a.png']);
  });
});
