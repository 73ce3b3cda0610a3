/**
 * `pnpm query --env local`: the SQL runs in DuckDB on this machine, against one view per dataset the
 * query names, named and typed as its Glue table (glue-types.ts) with `ingest_date` a column, over the
 * dataset's Parquet objects fetched from the emulator's S3. A dataset without objects is an empty
 * view of the same columns, so a query over it answers zero rows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { GlueClient } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import { namedTables } from './dataset-check.js';
import { datasetTables, s3Location, type DatasetTable } from './glue-tables.js';
import { duckDbTypeOf } from './glue-types.js';
import { downloadParquet } from './parquet-download.js';
import { QueryError } from './query-errors.js';
import type { Cell, QueryResult } from './query-result.js';
import { referencedTables } from './sql-tables.js';

export interface LocalSources {
  readonly glue: GlueClient;
  readonly s3: S3Client;
  /** The Glue database holding the datasets' tables. */
  readonly database: string;
}

const identifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** The view's select list: every column cast to its Glue type, partition keys last (as Athena lists them). */
function selectList(table: DatasetTable, source: (column: string) => string): string {
  return [...table.columns, ...table.partitionKeys]
    .map((c) => `CAST(${source(c.name)} AS ${duckDbTypeOf(c.type)}) AS ${identifier(c.name)}`)
    .join(', ');
}

/** The view of `table` over `files`: typed as Glue says, empty (same columns) when there is no file. */
function viewSql(table: DatasetTable, files: readonly string[]): string {
  const name = identifier(table.name);
  if (files.length === 0)
    return `CREATE VIEW ${name} AS SELECT ${selectList(table, () => 'NULL')} WHERE false`;
  // union_by_name: a schema-less dataset's older files lack the columns appended since; they read as NULL.
  const read = `read_parquet([${files.map(literal).join(', ')}], hive_partitioning = true, union_by_name = true)`;
  return `CREATE VIEW ${name} AS SELECT ${selectList(table, identifier)} FROM ${read}`;
}

/** A DuckDB value as JSON carries it: integers that fit a double as numbers, not as text. */
function cell(value: unknown, type: string): Cell {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U\w*INT)$/.test(type) && Number.isSafeInteger(Number(text)))
    return Number(text);
  return text;
}

async function run(connection: DuckDBConnection, sql: string): Promise<QueryResult> {
  const reader = await connection.runAndReadAll(sql).catch((error: unknown) => {
    // DuckDB's message is its own ("Binder Error: ..."); the binding prefixes it with "Error: ".
    const message = (error instanceof Error ? error.message : String(error)).replace(/^Error: /, '');
    throw new QueryError('QUERY_FAILED', message, { cause: error });
  });
  const names = reader.columnNames();
  const types = reader.columnTypes().map(String);
  return {
    engine: 'duckdb',
    sql,
    columns: names.map((name, i) => ({ name, type: types[i] ?? '' })),
    rows: reader.getRowsJson().map((row) => row.map((value, i) => cell(value, types[i] ?? ''))),
  };
}

/**
 * Runs `sql` over the datasets in `sources`' Glue database and S3.
 *
 * @throws {UsageError} for a table that is no dataset (exit 2).
 * @throws {QueryError} QUERY_FAILED with DuckDB's own message when it refuses or fails the SQL (exit 1).
 */
export async function runLocalQuery(sql: string, sources: LocalSources): Promise<QueryResult> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const scratch = await mkdtemp(join(tmpdir(), 'pipeline-query-'));
  try {
    const tables = await datasetTables(sources.glue, sources.database);
    const named = namedTables(await referencedTables(connection, sql), tables, sources.database);
    // Qualified names work too (`pipeline_local_curated.orders`), as they do in Athena.
    await connection.run(`CREATE SCHEMA ${identifier(sources.database)}`);
    for (const table of named) {
      const files = await downloadParquet(sources.s3, s3Location(table.location), join(scratch, table.name));
      await connection.run(viewSql(table, files));
      await connection.run(
        `CREATE VIEW ${identifier(sources.database)}.${identifier(table.name)} AS SELECT * FROM main.${identifier(table.name)}`,
      );
    }
    return await run(connection, sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(scratch, { recursive: true, force: true });
  }
}
