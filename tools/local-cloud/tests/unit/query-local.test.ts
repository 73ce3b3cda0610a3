/**
 * `pnpm query --env local` against the emulator: Glue tables in moto's Glue, made here as infra
 * declares them (one per dataset, Hive types, `ingest_date` a date partition key), over Parquet
 * objects written here by DuckDB with etl's types under `ingest_date=YYYY-MM-DD/` folders in moto's
 * S3. The real engine reads both through the SDK and answers the SQL in DuckDB.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDatabaseCommand, CreateTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  createTestBucket,
  emulatorEndpoint,
  testCredentials,
  testS3Client,
  uniqueName,
} from '@pipeline/testing';
import { EXIT_FAILED, exitCodeOfError, EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { UsageError } from '../../src/errors.js';
import { runLocalQuery, type LocalSources } from '../../src/query/duckdb-engine.js';
import { answerQuery } from '../../src/query/query-command.js';
import { QueryError } from '../../src/query/query-errors.js';

const s3 = testS3Client();
const glue = new GlueClient({
  endpoint: emulatorEndpoint(),
  region: process.env.AWS_REGION ?? 'us-east-1',
  credentials: testCredentials(),
});
const work = mkdtempSync(join(tmpdir(), 'query-local-'));
let sources: LocalSources;

const ORDERS_COLUMNS = [
  { Name: 'id', Type: 'bigint' },
  { Name: 'customer', Type: 'string' },
  { Name: 'amount', Type: 'decimal(12,2)' },
  { Name: 'ordered_at', Type: 'timestamp' },
  { Name: 'shipped', Type: 'boolean' },
  { Name: 'note', Type: 'string' },
];

async function createTable(database: string, name: string, location: string, columns = ORDERS_COLUMNS) {
  await glue.send(
    new CreateTableCommand({
      DatabaseName: database,
      TableInput: {
        Name: name,
        TableType: 'EXTERNAL_TABLE',
        PartitionKeys: [{ Name: 'ingest_date', Type: 'date' }],
        Parameters: {
          'projection.enabled': 'true',
          'projection.ingest_date.type': 'date',
          'projection.ingest_date.format': 'yyyy-MM-dd',
          'projection.ingest_date.range': '2020-01-01,NOW',
          'storage.location.template': `${location}ingest_date=\${ingest_date}/`,
        },
        StorageDescriptor: { Columns: columns, Location: location },
      },
    }),
  );
}

/** A Parquet file with etl's physical types, written by DuckDB from `select`. */
async function parquet(select: string): Promise<Buffer> {
  const file = join(work, `${uniqueName('p')}.parquet`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (${select}) TO '${file}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
  return readFileSync(file);
}

const ORDER_ROWS = (from: number, to: number, day: string) =>
  `SELECT i::BIGINT AS id, 'customer ' || i AS customer, (i * 10 + 0.5)::DECIMAL(12,2) AS amount,
     (TIMESTAMP '${day} 08:00:00' + INTERVAL (i) MINUTE) AS ordered_at, i % 2 = 0 AS shipped,
     CASE WHEN i = ${from} THEN 'first' END AS note
   FROM range(${from}, ${to}) t(i)`;

beforeAll(async () => {
  const bucket = await createTestBucket('query');
  const database = uniqueName('curated').replaceAll('-', '_');
  await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: database } }));
  await createTable(database, 'orders', `s3://${bucket}/curated/orders/`);
  await createTable(database, 'web_events', `s3://${bucket}/curated/web-events/`, [
    { Name: 'event', Type: 'string' },
    { Name: 'at', Type: 'timestamp' },
  ]);
  const put = (key: string, body: Buffer | string) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  await put(
    'curated/orders/ingest_date=2026-11-30/a-1.parquet',
    await parquet(ORDER_ROWS(1, 4, '2026-11-30')),
  );
  await put(
    'curated/orders/ingest_date=2026-12-01/b-2.parquet',
    await parquet(ORDER_ROWS(4, 6, '2026-12-01')),
  );
  // A schema-less dataset whose table gained a column: the older file lacks it.
  await createTable(database, 'events', `s3://${bucket}/curated/events/`, [
    { Name: 'event', Type: 'string' },
    { Name: 'source', Type: 'string' },
  ]);
  await put('curated/events/ingest_date=2026-11-30/a.parquet', await parquet("SELECT 'open' AS event"));
  await put(
    'curated/events/ingest_date=2026-12-01/b.parquet',
    await parquet("SELECT 'close' AS event, 'web' AS source"),
  );
  // Only Parquet objects are read (etl writes its NDJSON copies outside the table's folder).
  await put('curated/orders/ingest_date=2026-12-01/b-2.ndjson', '{"id":4}\n{"id":5}\n');
  sources = { glue, s3, database };
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('pnpm query --env local (DuckDB over the emulator)', () => {
  it('answers over every partition, with ingest_date a date column and the Glue types', async () => {
    const result = await runLocalQuery(
      'SELECT ingest_date, count(*) AS orders, sum(amount) AS amount, min(note) AS note FROM orders GROUP BY ingest_date ORDER BY ingest_date',
      sources,
    );
    expect(result.columns.map((c) => c.type)).toEqual(['DATE', 'BIGINT', 'DECIMAL(38,2)', 'VARCHAR']);
    expect(result.rows).toEqual([
      ['2026-11-30', 3, '61.50', 'first'],
      ['2026-12-01', 2, '91.00', 'first'],
    ]);
  }, 60_000);

  it("types the view's columns as the Glue table declares them", async () => {
    const result = await runLocalQuery('SELECT * FROM orders LIMIT 1', sources);
    expect(result.columns).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'customer', type: 'VARCHAR' },
      { name: 'amount', type: 'DECIMAL(12,2)' },
      { name: 'ordered_at', type: 'TIMESTAMP' },
      { name: 'shipped', type: 'BOOLEAN' },
      { name: 'note', type: 'VARCHAR' },
      { name: 'ingest_date', type: 'DATE' },
    ]);
  }, 60_000);

  it('reads qualified names, CTEs and joins of datasets', async () => {
    const result = await runLocalQuery(
      `WITH late AS (SELECT id FROM ${sources.database}.orders WHERE ingest_date > DATE '2026-11-30')
       SELECT count(*) AS n FROM late JOIN orders USING (id)`,
      sources,
    );
    expect(result.rows).toEqual([[2]]);
  }, 60_000);

  it('reads a file written before a column was appended to the table: that column is NULL in its rows', async () => {
    const result = await runLocalQuery('SELECT event, source FROM events ORDER BY ingest_date', sources);
    expect(result.rows).toEqual([
      ['open', null],
      ['close', 'web'],
    ]);
  }, 60_000);

  it('answers zero rows over a dataset without objects, with its columns', async () => {
    const all = await runLocalQuery('SELECT * FROM web_events', sources);
    expect(all.rows).toEqual([]);
    expect(all.columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      'event VARCHAR',
      'at TIMESTAMP',
      'ingest_date DATE',
    ]);
    expect((await runLocalQuery('SELECT count(*) AS n FROM web_events', sources)).rows).toEqual([[0]]);
  }, 60_000);

  it('refuses a table that is no dataset, naming the datasets (exit 2)', async () => {
    const thrown = await runLocalQuery('SELECT * FROM customers', sources).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(UsageError);
    expect(thrown).toMatchObject({
      message: 'Expected a dataset table (events, orders, web_events) but received customers',
    });
    expect(exitCodeOfError(thrown)).toBe(EXIT_USAGE);
  }, 60_000);

  it("gives DuckDB's own error for SQL it refuses, and the command exits 1", async () => {
    await expect(runLocalQuery('SELECT no_such_column FROM orders', sources)).rejects.toThrow(
      expect.objectContaining({
        code: 'QUERY_FAILED',
        message: expect.stringMatching(/^Binder Error: .*no_such_column/s),
      }),
    );
    await expect(runLocalQuery('SELEC 1', sources)).rejects.toThrow(QueryError);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await answerQuery(
        { env: 'local', json: false, sql: 'SELECT 1 / FROM orders' },
        { engine: 'duckdb', endpoint: emulatorEndpoint(), database: sources.database },
      );
      expect(code).toBe(EXIT_FAILED);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toMatch(/^Parser Error: syntax error/);
    } finally {
      stderr.mockRestore();
    }
  }, 60_000);
});
