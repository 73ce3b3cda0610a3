/**
 * The object catalog against the emulator's DynamoDB, in a table made with the synthesized stack's
 * key schema: the item a handler writes from its outcome, and the order S3's sequencers impose
 * (equal length, then lexicographic), so an older event never overwrites a newer one's item.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import {
  cleanupTestBuckets,
  createCatalogTable,
  createTestBucket,
  s3Event,
  testDynamoDbClient,
  testS3Client,
} from '@pipeline/testing';
import {
  CATALOG_MAX_OUTPUTS,
  catalogItemOf,
  createS3Client,
  definePipeline,
  MemoryLog,
  outcomesFromLogs,
  readCatalogItem,
  skipped,
  writeCatalogItem,
  written,
  writtenObject,
  type ObjectOutcome,
  type ProcessResult,
} from '../../src/index.js';

afterAll(() => cleanupTestBuckets());

const dynamodb = testDynamoDbClient();

/** A `written` outcome of s3://src/<key> by `demo`, as the skeleton builds it. */
function outcome(key: string, kind: 'written' | 'failed' = 'written', requestId = 'req-1'): ObjectOutcome {
  const common = {
    schema: 'pipeline.outcome/v1',
    pipeline: 'demo',
    requestId,
    source: { bucket: 'src', key, versionId: 'v1', eTag: 'e1', size: 3 },
    written: [{ bucket: 'dst', key: `out/${key}`, bytes: 3 }],
    durationMs: 1,
  } as const;
  return kind === 'written'
    ? { ...common, kind, action: 'copied' }
    : { ...common, kind, code: 'S3_THROTTLED', message: 'slow down', retried: true };
}

async function write(table: string, o: ObjectOutcome, sequencer?: string) {
  return writeCatalogItem(dynamodb, table, catalogItemOf(o, { object: { sequencer }, now: new Date() }));
}

describe('catalog writes ordered by the sequencer', () => {
  let table: string;
  beforeAll(async () => {
    table = await createCatalogTable(dynamodb);
  });

  it('writes the first item, then refuses an older event and keeps a duplicate of a final outcome as it is', async () => {
    expect(await write(table, outcome('a.txt', 'written', 'req-new'), '0000000000000002')).toBe('written');
    expect(await write(table, outcome('a.txt', 'written', 'req-old'), '0000000000000001')).toBe('unchanged');
    expect(await write(table, outcome('a.txt', 'written', 'req-dup'), '0000000000000002')).toBe('unchanged');
    const item = await readCatalogItem(dynamodb, table, 'src', 'a.txt', 'demo');
    expect(item).toMatchObject({
      sourceUri: 's3://src/a.txt',
      pipeline: 'demo',
      schema: 'pipeline.catalog/v1',
      kind: 'written',
      requestId: 'req-new',
      sequencer: '0000000000000002',
      sequencerLength: 16,
      source: {
        bucket: 'src',
        key: 'a.txt',
        versionId: 'v1',
        eTag: 'e1',
        size: 3,
        sequencer: '0000000000000002',
      },
      outputs: [{ bucket: 'dst', key: 'out/a.txt', bytes: 3 }],
      outputCount: 1,
    });
  });

  it('orders sequencers of different lengths by length first (a longer one is later)', async () => {
    // Lexicographically "100" < "FF"; as S3 compares them (left-padded) 0x100 > 0xFF.
    expect(await write(table, outcome('b.txt', 'written', 'req-ff'), 'FF')).toBe('written');
    expect(await write(table, outcome('b.txt', 'written', 'req-100'), '100')).toBe('written');
    expect(await write(table, outcome('b.txt', 'written', 'req-fe'), 'FE')).toBe('unchanged');
    expect(await readCatalogItem(dynamodb, table, 'src', 'b.txt', 'demo')).toMatchObject({
      requestId: 'req-100',
      sequencer: '100',
    });
  });

  it('lets the same event replace a failed item (its retry), and a later one replace anything', async () => {
    expect(await write(table, outcome('c.txt', 'failed', 'req-1'), '0A')).toBe('written');
    expect(await write(table, outcome('c.txt', 'written', 'req-2'), '0A')).toBe('written');
    expect(await readCatalogItem(dynamodb, table, 'src', 'c.txt', 'demo')).toMatchObject({
      kind: 'written',
      requestId: 'req-2',
    });
    // A failure of the same event after it was written (a redelivery that failed) changes nothing.
    expect(await write(table, outcome('c.txt', 'failed', 'req-3'), '0A')).toBe('unchanged');
    const item = await readCatalogItem(dynamodb, table, 'src', 'c.txt', 'demo');
    expect(item).toMatchObject({ kind: 'written' });
    expect(item).not.toHaveProperty('code');
  });

  it('lets a record without a sequencer (Batch Operations, reprocess) replace the item, keeping the stored order', async () => {
    expect(await write(table, outcome('d.txt', 'written', 'req-1'), '0B')).toBe('written');
    expect(await write(table, outcome('d.txt', 'written', 'req-batch'))).toBe('written');
    expect(await readCatalogItem(dynamodb, table, 'src', 'd.txt', 'demo')).toMatchObject({
      requestId: 'req-batch',
      sequencer: '0B',
    });
    expect(await write(table, outcome('d.txt', 'written', 'req-late'), '0A')).toBe('unchanged');
  });

  it('cuts a long output list, keeping its count and a pointer to the manifest', async () => {
    const many = Array.from({ length: 250 }, (_, i) => ({
      bucket: 'dst',
      key: `out/part-${i}.bin`,
      bytes: i,
    }));
    const long: ObjectOutcome = {
      ...outcome('e.txt'),
      written: many,
      manifest: 'out/manifest.json',
    } as ObjectOutcome;
    expect(await write(table, long, '01')).toBe('written');
    const item = await readCatalogItem(dynamodb, table, 'src', 'e.txt', 'demo');
    expect(item?.outputs).toHaveLength(CATALOG_MAX_OUTPUTS);
    expect(item).toMatchObject({ outputCount: 250, outputsTruncated: true, manifest: 'out/manifest.json' });
  });

  it('stores any key S3 allows, up to 1,024 bytes, under 400 KB whatever its outputs', async () => {
    const odd = 'a+b=c,d:e;f@g%h\'i(j)k~l 猫/é\u00a0\t!*$&[]{}|\\^`"<>?#';
    const longKey = `${odd}/${'k'.repeat(1024 - Buffer.byteLength(odd) - 1)}`;
    expect(Buffer.byteLength(longKey)).toBe(1024);
    const many = Array.from({ length: 500 }, (_, i) => ({
      bucket: 'dst',
      key: `${longKey.slice(0, 1000)}-${i}`,
      bytes: i,
    }));
    for (const key of [odd, longKey]) {
      const o = { ...outcome(key), written: many } as ObjectOutcome;
      expect(await write(table, o, '01')).toBe('written');
      const item = await readCatalogItem(dynamodb, table, 'src', key, 'demo');
      expect(item?.source.key).toBe(key);
      expect(item?.outputCount).toBe(500);
    }
  });

  it('fails with a transient error naming the table when it is not there', async () => {
    await expect(write('no-such-catalog', outcome('f.txt'), '01')).rejects.toMatchObject({
      code: 'CATALOG_TABLE_NOT_FOUND',
      permanent: false,
    });
  });
});

describe('definePipeline records each outcome in the catalog', () => {
  it("writes the item after the outputs, says so in the logged record, and lists a duplicate's outputs found in place", async () => {
    const table = await createCatalogTable(dynamodb);
    const bucket = await createTestBucket('kit-catalog');
    const s3 = testS3Client();
    const log = new MemoryLog();
    let calls = 0;
    const handler = definePipeline(
      {
        name: 'demo',
        loadConfig: () => ({
          destinationBucket: bucket,
          sourcePrefix: 'in/',
          ownPrefixes: ['out/', 'rejected/'],
          rejectedPrefix: 'rejected/',
        }),
        clients: () => ({ s3: createS3Client() }),
        concurrency: { default: 1, max: 1 },
        process: async (object): Promise<ProcessResult> => {
          const key = `out/${object.key}`;
          const found = writtenObject(bucket, key, 2);
          if (++calls > 1) return skipped('duplicate', [found]);
          await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'ok' }));
          return written('copied', [found]);
        },
        rejectionKey: (object) => `rejected/${object.key}.json`,
      },
      { env: { CATALOG_TABLE: table }, log },
    );
    const event = s3Event([{ bucket: 'src', key: 'in/a.jpg', eTag: 'e1', size: 2 }]);
    const first = await handler(event, { awsRequestId: 'req-1' } as Context);
    expect(first.outcomes).toEqual([expect.objectContaining({ kind: 'written', catalog: 'written' })]);
    const sequencer = event.Records[0]!.s3.object.sequencer;
    expect(await readCatalogItem(dynamodb, table, 'src', 'in/a.jpg', 'demo')).toMatchObject({
      kind: 'written',
      sequencer,
      requestId: 'req-1',
      outputs: [{ bucket, key: 'out/in/a.jpg', bytes: 2 }],
    });
    // The same event again: nothing written, the item unchanged (the outputs it found are the ones listed).
    const again = await handler(event, { awsRequestId: 'req-2' } as Context);
    expect(again.outcomes).toEqual([
      expect.objectContaining({ kind: 'skipped', reason: 'duplicate', catalog: 'unchanged', written: [] }),
    ]);
    expect(await readCatalogItem(dynamodb, table, 'src', 'in/a.jpg', 'demo')).toMatchObject({
      requestId: 'req-1',
    });
    expect(outcomesFromLogs(log.lines.map((line) => line.attributes))).toEqual([
      ...first.outcomes,
      ...again.outcomes,
    ]);
  });
});
