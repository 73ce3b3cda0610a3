/**
 * DuckDB as the independent Parquet reader of the tests: it reads what the function wrote, with
 * its own Parquet implementation, and reports column types and values.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ParquetContents {
  /** Column name -> DuckDB type, e.g. { id: 'BIGINT', birth_date: 'DATE' }. */
  readonly types: Record<string, string>;
  /** Rows as JSON-friendly objects (bigints, dates and decimals as strings). */
  readonly rows: Record<string, unknown>[];
  readonly count: number;
}

/** Reads a Parquet file's bytes; `where`/`limit` narrow the rows returned (the count is of all rows). */
export async function readParquet(
  bytes: Buffer,
  query: { where?: string; orderBy?: string; limit?: number } = {},
): Promise<ParquetContents> {
  const dir = await mkdtemp(join(tmpdir(), 'etl-parquet-'));
  const path = join(dir, 'file.parquet');
  await writeFile(path, bytes);
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    const source = `read_parquet('${path}')`;
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    const types = Object.fromEntries(
      described
        .getRowObjectsJson()
        .map((row) => [row['column_name'] as string, row['column_type'] as string]),
    );
    const counted = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${source}`);
    const where = query.where ? ` WHERE ${query.where}` : '';
    const order = query.orderBy ? ` ORDER BY ${query.orderBy}` : '';
    const limit = ` LIMIT ${query.limit ?? 50}`;
    const selected = await connection.runAndReadAll(`SELECT * FROM ${source}${where}${order}${limit}`);
    return {
      types,
      rows: selected.getRowObjectsJson(),
      count: Number(counted.getRowObjectsJson()[0]?.['n']),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}
