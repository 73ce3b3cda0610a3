/**
 * The object catalog's share of the cost (`--cost`): a write's request units from its item's size by
 * DynamoDB's rules, and the pipeline's DynamoDB dollars per million inputs from the dated price.
 */
import { CATALOG_SCHEMA, type CatalogItem } from '@pipeline/lambda-kit';
import { itemBytes, valueBytes, writeUnits } from '../../src/cost/catalog-units.js';
import { RunMeasures } from '../../src/cost/measures.js';
import { pipelineCost, type InvocationMeasure } from '../../src/cost/model.js';
import { US_EAST_1_PRICES, withPrices } from '../../src/cost/prices.js';
import { loadPrices } from '../../src/cost/price-table-file.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const item: CatalogItem = {
  sourceUri: 's3://ingest/uploads/a.jpg',
  pipeline: 'resize',
  schema: CATALOG_SCHEMA,
  source: { bucket: 'ingest', key: 'uploads/a.jpg', versionId: 'v1' },
  kind: 'written',
  outputs: [
    { bucket: 'processed', key: 'images/variants/thumb/a.jpg', bytes: 2048, width: 200, height: 150 },
  ],
  outputCount: 1,
  at: '2026-12-05T20:00:00.000Z',
  requestId: 'req-1',
};

describe('catalog write units', () => {
  it('sizes values as DynamoDB does', () => {
    expect(valueBytes('héllo')).toBe(6); // UTF-8
    expect(valueBytes(2048)).toBe(3); // 4 significant digits: 2 bytes + 1
    expect(valueBytes(1)).toBe(2);
    expect(valueBytes(true)).toBe(1);
    // A map: 3 bytes, then per entry 1 byte, its name and its value.
    expect(valueBytes({ a: 'xy' })).toBe(3 + 1 + 1 + 2);
    // A list: 3 bytes, then per element 1 byte and its value.
    expect(valueBytes(['ab', 'c'])).toBe(3 + (1 + 2) + (1 + 1));
    expect(itemBytes({ sourceUri: 's3://b/k', n: 12 })).toBe(9 + 8 + 1 + 2);
  });

  it('bills a write one unit per started KB of its item', () => {
    expect(writeUnits(item)).toBe(1);
    const many = {
      ...item,
      outputs: Array.from({ length: 40 }, (_, i) => ({ ...item.outputs[0]!, key: `k/${i}` })),
    };
    expect(itemBytes(many)).toBeGreaterThan(1024);
    expect(writeUnits(many)).toBe(Math.ceil(itemBytes(many) / 1024));
  });
});

describe('the DynamoDB share of the cost', () => {
  const measure = (input: string, catalogWriteUnits: number): InvocationMeasure => ({
    pipeline: 'resize',
    input,
    wallMs: 100,
    cpuMs: 50,
    peakRssMb: 100,
    s3Requests: {},
    bytesWritten: 0,
    catalogWrites: 1,
    catalogWriteUnits,
  });

  it('prices write request units per million inputs at the dated on-demand price', () => {
    expect(US_EAST_1_PRICES.dynamodb.perWriteRequestUnit).toBe(0.625 / 1e6);
    expect(US_EAST_1_PRICES.dynamodb.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const cost = pipelineCost(
      [measure('s3://i/a', 1), measure('s3://i/b', 3)],
      { memoryMb: 1024, timeoutSeconds: 30, architecture: 'arm64' },
      US_EAST_1_PRICES,
    );
    expect(cost.writeUnitsPerInvocation).toBe(2);
    expect(cost.perMillion.dynamodb).toBeCloseTo(1e6 * 2 * (0.625 / 1e6), 9); // $1.25 a million inputs
    expect(cost.perMillion.total).toBeCloseTo(
      cost.perMillion.lambda + cost.perMillion.s3Requests + cost.perMillion.dynamodb,
      9,
    );
    const dear = withPrices({ dynamodb: { perWriteRequestUnit: 1.25 / 1e6 } });
    expect(dear.dynamodb.source).toBe(US_EAST_1_PRICES.dynamodb.source);
    expect(
      pipelineCost(
        [measure('s3://i/a', 1)],
        { memoryMb: 1024, timeoutSeconds: 30, architecture: 'arm64' },
        dear,
      ).perMillion.dynamodb,
    ).toBeCloseTo(1.25, 9);
  });

  it('counts one catalog write per outcome record that says what the catalog did, priced once the items are read', () => {
    const measures = new RunMeasures();
    const outcome = (kind: string, catalog?: 'written' | 'unchanged'): string =>
      JSON.stringify({
        outcome: {
          schema: 'pipeline.outcome/v1',
          kind,
          pipeline: 'resize',
          requestId: 'r',
          source: { bucket: 'ingest', key: 'uploads/a.jpg' },
          written: [],
          durationMs: 1,
          ...(kind === 'skipped' ? { reason: 'own-output' } : { action: 'resized' }),
          ...(catalog === undefined ? {} : { catalog }),
        },
      });
    const event = {
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'ingest' }, object: { key: 'uploads/a.jpg', size: 1 } },
        },
      ],
    };
    const fn = { pipeline: 'resize', fn: { name: 'pipeline-local-resize', timeoutSeconds: 30 } } as never;
    const ok = {
      ok: true,
      logs: [outcome('written', 'written')],
      measures: { wallMs: 10, cpuMs: 5, peakRssBytes: 1e8 },
    } as never;
    const skip = {
      ok: true,
      logs: [outcome('skipped')],
      measures: { wallMs: 10, cpuMs: 5, peakRssBytes: 1e8 },
    } as never;
    const kept = {
      ok: true,
      logs: [outcome('written', 'unchanged')],
      measures: { wallMs: 10, cpuMs: 5, peakRssBytes: 1e8 },
    } as never;
    measures.record(fn, event, ok);
    measures.record(fn, event, skip);
    measures.record(fn, event, kept);
    expect(measures.of('pipeline-local-resize').map((m) => m.catalogWrites)).toEqual([1, 0, 1]);
    measures.priceCatalogWrites((pipeline, input) =>
      pipeline === 'resize' && input === 's3://ingest/uploads/a.jpg' ? 2 : undefined,
    );
    expect(measures.of('pipeline-local-resize').map((m) => m.catalogWriteUnits)).toEqual([2, 0, 2]);
  });

  it('reads a price file that dates the DynamoDB price on its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prices-'));
    const file = join(dir, 'prices.json');
    writeFileSync(
      file,
      JSON.stringify({
        dynamodb: { perWriteRequestUnit: 0.000001, asOf: '2027-01-01', source: 'negotiated' },
      }),
    );
    expect((await loadPrices(file)).dynamodb).toEqual({
      perWriteRequestUnit: 0.000001,
      asOf: '2027-01-01',
      source: 'negotiated',
    });
  });
});
