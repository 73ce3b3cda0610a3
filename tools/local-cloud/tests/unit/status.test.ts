/**
 * `pnpm status`: its command line, its rendering, and the catalog read it makes (a consistent Query on
 * the key, against the emulator's DynamoDB, paginated past one page), which the smoke test shares.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  attributeOf,
  CATALOG_SCHEMA,
  catalogSourceUri,
  type CatalogItem,
  type Plain,
} from '@pipeline/lambda-kit';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { emulatorEndpoint, testCredentials } from '@pipeline/testing';
import { catalogItemFrom, catalogItems } from '../../src/catalog/catalog-items.js';
import { UsageError } from '../../src/errors.js';
import { catalogItemOf, catalogOutcomes } from '../../src/ops/smoke-catalog.js';
import { parseStatusOptions } from '../../src/status/status-options.js';
import { renderStatusJson, renderStatusTable } from '../../src/status/status-render.js';

function item(pipeline: string, extra: Partial<CatalogItem> = {}): CatalogItem {
  return {
    sourceUri: catalogSourceUri('ingest', 'uploads/a b.jpg'),
    pipeline,
    schema: CATALOG_SCHEMA,
    source: { bucket: 'ingest', key: 'uploads/a b.jpg', versionId: 'v2', sequencer: '0A' },
    kind: 'written',
    outputs: [{ bucket: 'processed', key: `${pipeline}/a b.jpg`, bytes: 1234 }],
    outputCount: 1,
    at: '2026-12-05T20:00:00.000Z',
    requestId: `req-${pipeline}`,
    ...extra,
  };
}

/** An item as PutItem takes it (undefined members left out). */
function marshall(value: object): Record<string, AttributeValue> {
  return (attributeOf(value as Plain) as { M: Record<string, AttributeValue> }).M;
}

describe('pnpm status options', () => {
  it('takes one s3:// URI, local by default', () => {
    expect(parseStatusOptions(['--', 's3://ingest/uploads/a b.jpg'])).toEqual({
      bucket: 'ingest',
      key: 'uploads/a b.jpg',
      env: 'local',
      json: false,
    });
    expect(parseStatusOptions(['s3://b/k', '--env', 'dev', '--json'])).toMatchObject({
      env: 'dev',
      json: true,
    });
  });

  it.each([
    [[], 'Expected one s3://BUCKET/KEY but received none'],
    [['s3://b/k', 's3://b/l'], 'Expected one s3://BUCKET/KEY but received s3://b/k s3://b/l'],
    [['ingest/k'], 'Expected s3://BUCKET/KEY for the object but received ingest/k'],
    [['s3://bucket-only/'], 'Expected s3://BUCKET/KEY for the object but received s3://bucket-only/'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseStatusOptions(argv)).toThrow(new UsageError(message));
  });
});

describe('pnpm status rendering', () => {
  const report = {
    sourceUri: 's3://ingest/uploads/a b.jpg',
    table: 'pipeline-local-catalog',
    items: [
      item('etl', {
        kind: 'rejected',
        code: 'NOT_CSV',
        outputs: [],
        outputCount: 0,
      }),
      item('resize', {
        outputs: [{ bucket: 'processed', key: 'thumb/a b.jpg', bytes: 10 }],
        outputCount: 3,
        outputsTruncated: true,
        manifest: 's3://processed/manifest.json',
      }),
    ],
  };

  it('prints one row per pipeline with its version, kind and output count, then the outputs', () => {
    const lines = renderStatusTable(report).split('\n');
    expect(lines[0]).toBe('s3://ingest/uploads/a b.jpg in pipeline-local-catalog');
    expect(lines[1]).toMatch(/^pipeline +kind +version +outputs +at +detail$/);
    expect(lines[2]).toMatch(/^etl +rejected +v2 +0 +2026-12-05T20:00:00.000Z +NOT_CSV$/);
    expect(lines[3]).toMatch(/^resize +written +v2 +3 +/);
    expect(lines.slice(4)).toEqual([
      '',
      'resize outputs:',
      '  s3://processed/thumb/a b.jpg (10 B)',
      '  ... 2 more in s3://processed/manifest.json',
    ]);
  });

  it('says when there is no item', () => {
    expect(renderStatusTable({ ...report, items: [] })).toBe(
      's3://ingest/uploads/a b.jpg: no item in pipeline-local-catalog',
    );
  });

  it('prints the items as one JSON document', () => {
    expect(JSON.parse(renderStatusJson(report))).toEqual(report);
  });
});

describe('reading the catalog', () => {
  const dynamodb = new DynamoDBClient({
    endpoint: emulatorEndpoint(),
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: testCredentials(),
  });
  const table = `status-test-${process.pid}`;

  beforeAll(async () => {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'sourceUri', AttributeType: 'S' },
          { AttributeName: 'pipeline', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'sourceUri', KeyType: 'HASH' },
          { AttributeName: 'pipeline', KeyType: 'RANGE' },
        ],
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await dynamodb.send(new DeleteTableCommand({ TableName: table }));
    dynamodb.destroy();
  });

  it("reads every item of the key and no other key's, across pages", async () => {
    const pipelines = Array.from({ length: 40 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    for (const pipeline of pipelines)
      await dynamodb.send(
        new PutItemCommand({
          TableName: table,
          Item: marshall(item(pipeline)),
        }),
      );
    const other = { ...item('copy'), sourceUri: catalogSourceUri('ingest', 'uploads/other.jpg') };
    await dynamodb.send(new PutItemCommand({ TableName: table, Item: marshall(other) }));
    await dynamodb.send(
      new PutItemCommand({
        TableName: table,
        Item: marshall({ sourceUri: item('x').sourceUri, pipeline: 'zz', schema: 'something/else' }),
      }),
    );

    const sent = jest.spyOn(dynamodb, 'send');
    const read = await catalogItems(dynamodb, table, { bucket: 'ingest', key: 'uploads/a b.jpg' }, 7);
    // 41 records under the key (the other schema's too), 7 a page: 6 queries, the last one short.
    expect(sent).toHaveBeenCalledTimes(6);
    sent.mockRestore();
    expect(read.map((i) => i.pipeline)).toEqual(pipelines);
    expect(read[0]).toMatchObject({ kind: 'written', source: { versionId: 'v2' }, outputCount: 1 });
  }, 120_000);

  it("gives the smoke test an item's outcome once it describes the uploaded version, not a removal", async () => {
    const key = 'raw/orders/smoke/run-1/orders.csv';
    const query = { pipeline: 'etl', functionName: 'f', bucket: 'ingest', key, versionId: 'v2' };
    const find = catalogOutcomes(dynamodb, table);
    const put = (extra: Partial<CatalogItem>) =>
      dynamodb.send(
        new PutItemCommand({
          TableName: table,
          Item: marshall({ ...item('etl'), sourceUri: catalogSourceUri('ingest', key), ...extra }),
        }),
      );
    expect(await find(query)).toBeUndefined();
    await put({ source: { bucket: 'ingest', key, versionId: 'v1' } });
    expect(await find(query)).toBeUndefined();
    await put({
      source: { bucket: 'ingest', key, versionId: 'v2' },
      rows: { read: 4, written: 3, rejected: 1 },
    });
    expect(await find(query)).toEqual({
      kind: 'written',
      written: [{ bucket: 'processed', key: 'etl/a b.jpg', bytes: 1234 }],
      measures: { rowsRead: 4, rowsWritten: 3, rowsRejected: 1 },
    });
    await put({
      source: { bucket: 'ingest', key, versionId: 'v2' },
      kind: 'removed',
      outputs: [],
      outputCount: 0,
    });
    expect(await find(query)).toBeUndefined();
    expect((await catalogItemOf(dynamodb, table, query))?.kind).toBe('removed');
  }, 60_000);

  it('takes only records of the catalog schema as items', () => {
    expect(catalogItemFrom({ sourceUri: 's3://b/k', pipeline: 'copy', schema: 'other' })).toBeUndefined();
    expect(catalogItemFrom({ ...item('copy'), outputs: undefined })).toMatchObject({ outputs: [] });
  });
});
