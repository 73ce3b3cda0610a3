/** Small DuckDB helpers the engine's passes share. */
import type { DuckDBConnection } from '@duckdb/node-api';

/** The first value of the first row, as a number. */
export async function count(connection: DuckDBConnection, sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(sql);
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

/** Every row, as JS values. */
export async function rows(connection: DuckDBConnection, sql: string): Promise<unknown[][]> {
  return (await connection.runAndReadAll(sql)).getRowsJS();
}

/** Drops the tables; one that is not there (or cannot go) is no error. */
export async function dropTables(connection: DuckDBConnection, tables: readonly string[]): Promise<void> {
  for (const table of tables) await connection.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
}
