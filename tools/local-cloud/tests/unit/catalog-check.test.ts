/** A run's verdicts checked against their object catalog items: version, outcome and outputs must agree. */
import { PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  attributeOf,
  CATALOG_SCHEMA,
  catalogSourceUri,
  type CatalogItem,
  type Plain,
} from '@pipeline/lambda-kit';
import { createCatalogTable, testDynamoDbClient } from '@pipeline/testing';
import { catalogProblems, checkCatalog } from '../../src/verify/catalog-check.js';
import type { InputVerdict } from '../../src/verify/verify.js';

const verdict: InputVerdict = {
  bucket: 'ingest',
  key: 'uploads/a.jpg',
  pipeline: 'resize',
  current: { versionId: 'v2', eTag: '"e2"' },
  outcome: 'written',
  detail: 'resized',
  outputs: [
    { bucket: 'processed', key: 'images/variants/thumb/a.jpg', bytes: 10 },
    { bucket: 'processed', key: 'images/variants/large/a.jpg', bytes: 20 },
  ],
  deliveries: 1,
  failureMessageId: undefined,
  problems: [],
};

const item: CatalogItem = {
  sourceUri: 's3://ingest/uploads/a.jpg',
  pipeline: 'resize',
  schema: CATALOG_SCHEMA,
  source: { bucket: 'ingest', key: 'uploads/a.jpg', versionId: 'v2', eTag: 'e2' },
  kind: 'written',
  outputs: [...verdict.outputs].reverse(),
  outputCount: 2,
  at: '2026-12-05T20:00:00.000Z',
  requestId: 'r',
};

const checks = (v: InputVerdict, i: CatalogItem | undefined): string[] =>
  catalogProblems(v, i).map((p) => p.check);

describe('the catalog check', () => {
  it('passes an item of the same version, outcome and outputs (in any order)', () => {
    expect(checks(verdict, item)).toEqual([]);
  });

  it('names each difference', () => {
    expect(checks(verdict, { ...item, source: { ...item.source, versionId: 'v1' } })).toEqual([
      'catalog-version',
    ]);
    expect(checks(verdict, { ...item, kind: 'failed' })).toEqual(['catalog-outcome']);
    // A retry that found the outputs in place records them as a duplicate: the same outputs, written.
    expect(checks(verdict, { ...item, kind: 'skipped', reason: 'duplicate' })).toEqual([]);
    expect(checks(verdict, { ...item, kind: 'skipped', reason: 'own-output' })).toEqual(['catalog-outcome']);
    expect(checks(verdict, { ...item, outputs: item.outputs.slice(1), outputCount: 1 })).toEqual([
      'catalog-outputs',
    ]);
    expect(
      checks(verdict, { ...item, outputs: [{ ...item.outputs[0]!, key: 'other' }, item.outputs[1]!] }),
    ).toEqual(['catalog-outputs']);
  });

  it('takes a cut list by its count and the outputs it lists', () => {
    expect(checks(verdict, { ...item, outputs: item.outputs.slice(0, 1), outputsTruncated: true })).toEqual(
      [],
    );
    expect(
      checks(verdict, { ...item, outputs: item.outputs.slice(0, 1), outputsTruncated: true, outputCount: 3 }),
    ).toEqual(['catalog-outputs']);
  });

  it('wants an item for a written or rejected input, not for a skip or an attempt that died', () => {
    expect(checks(verdict, undefined)).toEqual(['catalog-missing']);
    expect(checks({ ...verdict, outcome: 'rejected' }, undefined)).toEqual(['catalog-missing']);
    expect(checks({ ...verdict, outcome: 'skipped' }, undefined)).toEqual([]);
    expect(checks({ ...verdict, outcome: 'failed', outputs: [] }, undefined)).toEqual([]);
    expect(checks({ ...verdict, outcome: 'missing', outputs: [] }, item)).toEqual([]);
  });

  it('compares ETags where the bucket keeps no versions', () => {
    const unversioned = { ...verdict, current: { versionId: undefined, eTag: '"e2"' } };
    expect(checks(unversioned, { ...item, source: { ...item.source, versionId: undefined } })).toEqual([]);
    expect(
      checks(unversioned, { ...item, source: { ...item.source, versionId: undefined, eTag: 'e1' } }),
    ).toEqual(['catalog-version']);
  });
});

describe('the catalog check against the table (the emulator)', () => {
  const dynamodb = testDynamoDbClient();
  afterAll(() => dynamodb.destroy());
  const put = (table: string, record: object) =>
    dynamodb.send(
      new PutItemCommand({
        TableName: table,
        Item: (attributeOf(record as Plain) as { M: Record<string, AttributeValue> }).M,
      }),
    );
  const at = (key: string, pipeline: string) => ({
    sourceUri: catalogSourceUri('ingest', key),
    pipeline,
    source: { ...item.source, key },
  });

  it("reads the table across pages, matches items by key and pipeline, and passes over other runs' items", async () => {
    const table = await createCatalogTable(dynamodb);
    await put(table, { ...item, ...at('uploads/a.jpg', 'resize') });
    await put(table, { ...item, ...at('uploads/a.jpg', 'copy'), outputs: [], outputCount: 0 });
    await put(table, { ...item, ...at('uploads/b.jpg', 'resize'), kind: 'failed' });
    await put(table, { ...item, ...at('uploads/earlier-run.jpg', 'resize') });
    await put(table, { ...at('uploads/a.jpg', 'other'), schema: 'something/else' });
    const verdicts: InputVerdict[] = [
      verdict,
      { ...verdict, pipeline: 'copy', outputs: [] },
      { ...verdict, key: 'uploads/b.jpg' },
      { ...verdict, key: 'uploads/c.jpg' },
    ];

    // Two items a page: five records, three pages, one Scan each (never a read per key).
    const sent = jest.spyOn(dynamodb, 'send');
    const checked = await checkCatalog(dynamodb, table, verdicts, 2);
    expect(sent).toHaveBeenCalledTimes(3);
    sent.mockRestore();

    expect(checked.map((v) => [v.key, v.pipeline, v.problems.map((p) => p.check)])).toEqual([
      ['uploads/a.jpg', 'resize', []],
      ['uploads/a.jpg', 'copy', []],
      ['uploads/b.jpg', 'resize', ['catalog-outcome']],
      ['uploads/c.jpg', 'resize', ['catalog-missing']],
    ]);
    expect(checked[0]?.catalog).toMatchObject({ kind: 'written', versionId: 'v2', outputCount: 2 });
    expect(checked[0]?.catalog?.writeUnits).toBeGreaterThan(0);
    expect(checked[3]?.catalog).toBeUndefined();
  }, 60_000);
});
