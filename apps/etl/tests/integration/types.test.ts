import { countByKind } from '@pipeline/lambda-kit';
import { cleanupTestBuckets, readBody, s3Event } from '@pipeline/testing';
import Papa from 'papaparse';
import { readParquet } from '../support/duckdb.js';
import { etlHarness, type EtlHarness } from '../support/harness.js';
import { listKeys, readJson, readText, upload } from '../support/s3.js';

let h: EtlHarness;

beforeAll(async () => {
  h = await etlHarness();
});

afterAll(async () => {
  await cleanupTestBuckets(h.s3);
});

async function outputsOf(name: string) {
  const keys = await listKeys(h.s3, h.destination);
  const find = (suffix: string) =>
    keys.find((key) => key.includes(`/${name}-`) && key.endsWith(suffix)) as string;
  return { keys, find };
}

const EDGES = [
  'big;f;d;ts;s;price;ok',
  '9223372036854775807;-0.0;1969-12-31;1900-01-01T00:00:00Z;;1.5;yes',
  '-9223372036854775808;1e308;0001-01-01;2024-02-29T23:59:59.123456+02:00;NULL;-0.001;FALSE',
  '9223372036854775808;1;2000-01-01;2024-01-01 00:00:00;x;1;true',
  '1;1;2023-02-29;2024-01-01 00:00:00;x;1;true',
  '1;1;2000-01-01;2024-01-01 00:00:00;x;1.0001;true',
  'NULL;NULL;NULL;NULL;NULL;NULL;NULL',
].join('\n');

describe('values at the edges of their types', () => {
  it('keeps int64 limits, negative zero, old dates, empty strings apart from nulls; rejects what does not fit', async () => {
    await h.ingest('raw/edges/edges.csv', EDGES);
    const out = await outputsOf('edges');

    const quarantine = Papa.parse<string[]>(
      (await readText(h.s3, h.destination, out.find('.csv'))).trimEnd(),
    ).data.slice(1);
    expect(quarantine.map((r) => r.slice(0, 3))).toEqual([
      ['4', 'invalid_value', 'big'],
      ['5', 'invalid_value', 'd'],
      ['6', 'invalid_value', 'price'],
    ]);

    const parquet = await readParquet(await readBody(h.s3, h.destination, out.find('.parquet')));
    expect(parquet.types).toEqual({
      big: 'BIGINT',
      f: 'DOUBLE',
      d: 'DATE',
      ts: 'TIMESTAMP WITH TIME ZONE',
      s: 'VARCHAR',
      price: 'DECIMAL(10,3)',
      ok: 'BOOLEAN',
    });
    expect(parquet.count).toBe(3);
    const [max, min, nulls] = parquet.rows;
    expect(max).toMatchObject({
      big: '9223372036854775807',
      d: '1969-12-31',
      s: '',
      price: '1.500',
      ok: true,
    });
    expect(Object.is(max?.['f'], -0)).toBe(true);
    expect(min).toMatchObject({
      big: '-9223372036854775808',
      f: 1e308,
      d: '0001-01-01',
      s: null,
      price: '-0.001',
      ok: false,
    });
    expect(Object.values(nulls ?? {})).toEqual([null, null, null, null, null, null, null]);

    const ndjson = (await readText(h.s3, h.destination, out.find('.ndjson'))).trimEnd().split('\n');
    expect(ndjson[0]).toBe(
      '{"big":9223372036854775807,"f":-0.0,"d":"1969-12-31","ts":"1900-01-01T00:00:00.000000Z","s":"","price":1.5,"ok":true}',
    );
    expect(ndjson[1]).toBe(
      '{"big":-9223372036854775808,"f":1e308,"d":"0001-01-01","ts":"2024-02-29T21:59:59.123456Z","s":null,"price":-0.001,"ok":false}',
    );
  });
});

describe('a dataset without a schema', () => {
  it('infers the column types and records them in the manifest', async () => {
    await h.ingest(
      'raw/loose/inferred.csv',
      'n,x,day,label,flag,at\n1,2.5,2024-01-01,a,true,2024-01-01T10:00:00Z\n2,3,2024-01-02,b,false,\n-3,,1999-12-31,,true,2024-01-02T00:00:00Z\n',
    );
    const out = await outputsOf('inferred');
    const manifest = await readJson<{
      schemaUsed: { source: string; columns: { name: string; type: string }[] };
    }>(h.s3, h.destination, out.find('.json'));
    expect(manifest.schemaUsed.source).toBe('inferred');
    expect(manifest.schemaUsed.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'n:int',
      'x:float',
      'day:date',
      'label:string',
      'flag:bool',
      'at:timestamp',
    ]);
    const parquet = await readParquet(await readBody(h.s3, h.destination, out.find('.parquet')));
    expect(parquet.types).toEqual({
      n: 'BIGINT',
      x: 'DOUBLE',
      day: 'DATE',
      label: 'VARCHAR',
      flag: 'BOOLEAN',
      at: 'TIMESTAMP WITH TIME ZONE',
    });
    expect(parquet.count).toBe(3);
  });
});

describe('routing', () => {
  it('never processes its own outputs, even when an event names them', async () => {
    const own = await upload(h.s3, h.destination, 'curated/sales/ingest_date=2024-01-01/x-1.parquet', 'PAR1');
    expect(countByKind((await h.invoke(s3Event([own]))).outcomes)).toEqual({ skipped: 1 });
  });

  it('rejects a CSV under the source prefix that no dataset claims, with a rejection record', async () => {
    const { summary } = await h.ingest('raw/unknown/x.csv', 'a\n1\n');
    expect(countByKind(summary.outcomes)).toEqual({ rejected: 1 });
    const record = await readJson<{ error: { code: string } }>(
      h.s3,
      h.destination,
      'rejected/_unmatched/raw/unknown/x.csv.rejection.json',
    );
    expect(record.error.code).toBe('NO_DATASET');
  });

  it('handles every record of a multi-record event', async () => {
    const a = await upload(h.s3, h.source, 'raw/loose/multi a.csv', 'v\n1\n');
    const b = await upload(h.s3, h.source, 'raw/loose/multi b.csv', 'v\n2\n3\n');
    expect(countByKind((await h.invoke(s3Event([a, b]))).outcomes)).toEqual({ written: 2 });
    expect(
      (await listKeys(h.s3, h.destination, 'curated/_manifests/loose/')).filter((k) => k.includes('multi')),
    ).toHaveLength(2);
  });
});
