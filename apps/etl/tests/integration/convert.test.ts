import { countByKind } from '@pipeline/lambda-kit';
import { cleanupTestBuckets, readBody } from '@pipeline/testing';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import Papa from 'papaparse';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticCsv } from '../fixtures/synthetic-csv.js';
import { readParquet } from '../support/duckdb.js';
import { readFooter } from '../support/hyparquet.js';
import { expectFilesAgreeWithTable } from '../support/catalog.js';
import { etlHarness, type EtlHarness } from '../support/harness.js';
import { listKeys, manifestOf, readJson, readText, stemOf } from '../support/s3.js';

let h: EtlHarness;
let dir: string;

beforeAll(async () => {
  // Small records make DuckDB read in 256 KiB buffers, so the 10 MB file below spans many of them,
  // read by two threads: the CSV pass must still keep file order, or bad rows get wrong lines.
  h = await etlHarness({ MAX_RECORD_BYTES: '65536', DUCKDB_THREADS: '2' });
  dir = await mkdtemp(join(tmpdir(), 'etl-it-'));
});

afterAll(async () => {
  await cleanupTestBuckets(h.s3);
  await rm(dir, { recursive: true, force: true });
});

async function syntheticBody(name: string, rows: number, badEvery = 0) {
  const path = join(dir, name);
  const facts = await writeSyntheticCsv(path, { rows, badEvery, seed: rows });
  return { facts, body: await readFile(path) };
}

describe('a CSV upload under a dataset prefix', () => {
  it('writes Parquet, NDJSON and a manifest under the documented keys, readable by DuckDB', async () => {
    const { facts, body } = await syntheticBody('clean.csv', 2_000);
    const { uploaded, summary } = await h.ingest('raw/sales/2024/orders jan.csv', body);
    expect(countByKind(summary.outcomes)).toEqual({ written: 1 });

    const key = 'raw/sales/2024/orders jan.csv';
    const stem = stemOf(key, uploaded.eTag as string);
    expect(stem).toMatch(/^orders jan-[0-9a-f]{8}-[0-9a-f]{12}$/);
    const curated = await listKeys(h.s3, h.destination, 'curated/');
    const day = new Date().toISOString().slice(0, 10);
    expect(curated).toEqual([
      manifestOf('sales', key),
      `curated/_ndjson/sales/ingest_date=${day}/${stem}.ndjson`,
      `curated/sales/ingest_date=${day}/${stem}.parquet`,
    ]);
    expect(await listKeys(h.s3, h.destination, 'rejected/')).toEqual([]);

    const parquet = await readParquet(await readBody(h.s3, h.destination, curated[2] as string), {
      orderBy: 'id',
      limit: 3,
    });
    expect(parquet.count).toBe(facts.rows);
    expect(parquet.types).toEqual({
      id: 'BIGINT',
      name: 'VARCHAR',
      city: 'VARCHAR',
      amount: 'DECIMAL(12,2)',
      score: 'DOUBLE',
      active: 'BOOLEAN',
      birth_date: 'DATE',
      created_at: 'TIMESTAMP WITH TIME ZONE',
      qty: 'BIGINT',
      note: 'VARCHAR',
    });
    const csvLines = body.toString('utf8').split('\n');
    const first = csvLines[1]?.split(',') ?? [];
    expect(parquet.rows[0]).toMatchObject({
      id: '1',
      name: 'Bob "Bobby" Jones',
      amount: first[3],
      birth_date: first[6],
      active: first[5] === 'true',
    });

    // A second reader that shares no code with DuckDB: the footer's types, codec and row count.
    const footer = await readFooter(await readBody(h.s3, h.destination, curated[2] as string));
    expect(footer).toMatchObject({ rows: facts.rows, codecs: ['SNAPPY'] });
    expect(footer.types).toEqual({
      id: 'INT_64',
      name: 'UTF8',
      city: 'UTF8',
      amount: 'DECIMAL(12,2)',
      score: 'DOUBLE',
      active: 'BOOLEAN',
      birth_date: 'DATE',
      created_at: 'TIMESTAMP(MICROS,UTC)',
      qty: 'INT_64',
      note: 'UTF8',
    });
    const firstRecord = Papa.parse<string[]>(body.toString('utf8'), { preview: 2 }).data[1] ?? [];
    expect(footer.firstRows[0]).toMatchObject({
      id: 1n,
      name: firstRecord[1],
      city: firstRecord[2],
      note: firstRecord[9],
      qty: BigInt(firstRecord[8] as string),
    });

    const ndjson = (await readText(h.s3, h.destination, curated[1] as string)).trimEnd().split('\n');
    expect(ndjson).toHaveLength(facts.rows);
    expect(JSON.parse(ndjson[0] as string)).toMatchObject({
      id: 1,
      name: 'Bob "Bobby" Jones',
      birth_date: first[6],
    });

    const manifest = await readJson(h.s3, h.destination, curated[0] as string);
    expect(manifest).toMatchObject({
      dataset: 'sales',
      source: { bucket: h.source, key: 'raw/sales/2024/orders jan.csv', eTag: uploaded.eTag },
      rows: { read: facts.rows, written: facts.rows, rejected: 0 },
      schemaUsed: { source: 'configured' },
    });
    const outputs = manifest['outputs'] as { kind: string; key: string; bytes: number }[];
    expect(outputs.map((o) => o.kind)).toEqual(['parquet', 'ndjson']);
    expect(outputs[0]?.bytes).toBe((await readBody(h.s3, h.destination, curated[2] as string)).length);
    expect(outputs[1]?.bytes).toBe(Buffer.byteLength(`${ndjson.join('\n')}\n`));
    expect(typeof manifest['durationMs']).toBe('number');
  });

  it('quarantines exactly the bad rows of a 10-column, 100k-row file, with their line numbers and reasons', async () => {
    const { facts, body } = await syntheticBody('big.csv', 100_000, 100);
    expect(facts.bad).toHaveLength(1_000);
    const { uploaded } = await h.ingest('raw/sales/big.csv', body);
    const stem = stemOf('raw/sales/big.csv', uploaded.eTag as string);

    const rejected = await readText(h.s3, h.destination, `rejected/sales/${stem}.csv`);
    const records = Papa.parse<string[]>(rejected.trimEnd()).data.slice(1);
    expect(records).toHaveLength(1_000);
    const got = records.map(([line, reason]) => ({ line: Number(line), reason }));
    const reasonOf = {
      too_many_columns: 'column_count',
      missing_columns: 'column_count',
      bad_int: 'invalid_value',
      missing_required_int: 'missing_required',
      missing_required_string: 'missing_required',
    };
    expect(got).toEqual(facts.bad.map(({ line, kind }) => ({ line, reason: reasonOf[kind] })));
    const physical = body.toString('utf8').split('\n');
    for (const [i, { line }] of facts.bad.slice(0, 20).entries())
      expect(records[i]?.[4]).toBe(physical[line - 1]);

    const manifest = await readJson(h.s3, h.destination, manifestOf('sales', 'raw/sales/big.csv'));
    expect(manifest['rows']).toEqual({ read: 100_000, written: 99_000, rejected: 1_000 });
    const day = new Date().toISOString().slice(0, 10);
    const parquet = await readParquet(
      await readBody(h.s3, h.destination, `curated/sales/ingest_date=${day}/${stem}.parquet`),
      { where: 'id = 97' },
    );
    expect(parquet.count).toBe(99_000);
    expect(parquet.rows[0]?.['note']).toBe('first line, of 97\nsecond "line"');
  });

  it('rewrites the same keys when the same file is uploaded again (a new version, the same ETag)', async () => {
    const { body } = await syntheticBody('again.csv', 500, 50);
    const { uploaded } = await h.ingest('raw/sales/again.csv', body);
    const before = await listKeys(h.s3, h.destination);
    const first = await readJson(h.s3, h.destination, manifestOf('sales', uploaded.key));
    const { summary } = await h.ingest('raw/sales/again.csv', body);
    expect(countByKind(summary.outcomes)).toEqual({ written: 1 });
    expect(await listKeys(h.s3, h.destination)).toEqual(before);
    const second = await readJson(h.s3, h.destination, manifestOf('sales', uploaded.key));
    const comparable = (m: Record<string, unknown>) => ({ ...m, durationMs: 0, requestId: '', source: {} });
    expect(comparable(second)).toEqual(comparable(first));
    expect(second['source']).toMatchObject({ eTag: (first['source'] as { eTag: string }).eTag });
  });

  it("leaves every Parquet file agreeing with the dataset's Glue table: names, order and types", async () => {
    expect(await expectFilesAgreeWithTable(h, 'sales')).toBeGreaterThan(0);
  });
});
