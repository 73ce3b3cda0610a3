/**
 * The tables a query names, read from DuckDB's own parse of it (`json_serialize_sql`), not from its
 * text: so `pnpm query` can refuse a table that is no dataset before it fetches anything, and fetch
 * only the datasets the query reads. Common table expressions are not tables.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { QueryError } from './query-errors.js';

export interface TableReference {
  /** The schema it was qualified with, or '' (`pipeline_local_curated.orders` -> pipeline_local_curated). */
  readonly schema: string;
  readonly table: string;
}

interface Parsed {
  readonly error: boolean;
  readonly error_type?: string;
  readonly error_message?: string;
  readonly statements?: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every BASE_TABLE in the parse tree, and every CTE name it declares. */
function walk(node: Json, tables: TableReference[], ctes: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, tables, ctes);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  if (node.type === 'BASE_TABLE' && typeof node.table_name === 'string')
    tables.push({
      schema: typeof node.schema_name === 'string' ? node.schema_name : '',
      table: node.table_name,
    });
  const cteMap = node.cte_map;
  if (cteMap !== null && typeof cteMap === 'object' && !Array.isArray(cteMap) && Array.isArray(cteMap.map))
    for (const entry of cteMap.map)
      if (
        entry !== null &&
        typeof entry === 'object' &&
        !Array.isArray(entry) &&
        typeof entry.key === 'string'
      )
        ctes.add(entry.key.toLowerCase());
  for (const child of Object.values(node)) walk(child, tables, ctes);
}

/**
 * The tables `sql` reads (names lower-cased, as DuckDB and Athena compare them), CTEs left out.
 *
 * @throws {QueryError} QUERY_FAILED with the parser's message when DuckDB cannot parse it.
 */
export async function referencedTables(connection: DuckDBConnection, sql: string): Promise<TableReference[]> {
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS tree', [sql]);
  const tree = String(reader.getRowObjects()[0]?.tree);
  const parsed = JSON.parse(tree) as Parsed;
  if (parsed.error && parsed.error_type === 'parser')
    throw new QueryError('QUERY_FAILED', `Parser Error: ${parsed.error_message ?? tree}`);
  // DuckDB's parser serializes SELECT queries only.
  if (parsed.error)
    throw new QueryError(
      'QUERY_FAILED',
      'Expected a SELECT query (pnpm query reads the datasets, it changes nothing)',
    );
  const tables: TableReference[] = [];
  const ctes = new Set<string>();
  walk(parsed.statements as Json, tables, ctes);
  const seen = new Map<string, TableReference>();
  for (const t of tables) {
    const ref = { schema: t.schema.toLowerCase(), table: t.table.toLowerCase() };
    if (ref.schema === '' && ctes.has(ref.table)) continue;
    seen.set(`${ref.schema}.${ref.table}`, ref);
  }
  return [...seen.values()];
}
