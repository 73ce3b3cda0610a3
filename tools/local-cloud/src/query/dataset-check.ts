/**
 * A query may name only the datasets' tables: any other table is a usage error (exit 2) that names
 * the tables there are, found before anything is fetched or run.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { GlueClient } from '@aws-sdk/client-glue';
import { UsageError } from '../errors.js';
import { datasetTables, type DatasetTable } from './glue-tables.js';
import { QueryError } from './query-errors.js';
import { referencedTables, type TableReference } from './sql-tables.js';

/**
 * The dataset tables `references` name (unqualified, or qualified with `database`).
 *
 * @throws {UsageError} naming the dataset tables, at the first reference that is none of them.
 */
export function namedTables(
  references: readonly TableReference[],
  tables: ReadonlyMap<string, DatasetTable>,
  database: string,
): DatasetTable[] {
  const named: DatasetTable[] = [];
  for (const ref of references) {
    const table = tables.get(ref.table);
    if (table === undefined || (ref.schema !== '' && ref.schema !== database))
      throw new UsageError(
        `Expected a dataset table (${[...tables.keys()].sort().join(', ') || 'none in the Glue database'}) but received ${ref.schema === '' ? '' : `${ref.schema}.`}${ref.table}`,
      );
    if (!named.includes(table)) named.push(table);
  }
  return named;
}

/**
 * Before an Athena query: the tables it names are datasets of `database`, as far as DuckDB's parser
 * reads it. SQL only Athena's dialect parses is left for Athena to judge.
 */
export async function checkNamedDatasets(sql: string, glue: GlueClient, database: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const references = await referencedTables(connection, sql).catch((error: unknown) => {
      if (error instanceof QueryError) return undefined;
      throw error;
    });
    if (references !== undefined) namedTables(references, await datasetTables(glue, database), database);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
