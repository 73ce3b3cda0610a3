/** What a query answered, the same from DuckDB and from Athena, and how it prints. */
import { renderColumns } from '../report/columns.js';

/** A cell as JSON carries it: numbers that fit a double as numbers; bigints beyond, decimals, dates as text. */
export type Cell = string | number | boolean | null;

interface QueryColumn {
  readonly name: string;
  /** The engine's type name (DuckDB's `DECIMAL(12,2)`, Athena's `decimal`). */
  readonly type: string;
}

/** Athena's bill for one query: bytes scanned and their price (prices.ts ATHENA_PRICE). */
export interface ScanCost {
  readonly scannedBytes: number;
  readonly billedBytes: number;
  readonly usd: number;
  /** The price used, with its date and source. */
  readonly price: string;
}

export interface QueryResult {
  readonly engine: 'duckdb' | 'athena';
  readonly sql: string;
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly (readonly Cell[])[];
  /** Athena only. */
  readonly queryExecutionId?: string;
  readonly cost?: ScanCost;
}

const text = (cell: Cell): string => (cell === null ? 'NULL' : String(cell));

/** The result as a plain-text table, then the row count (and Athena's scan and cost). */
export function renderResult(result: QueryResult): string {
  const table = renderColumns(
    result.columns.map((c) => c.name),
    result.rows.map((row) => row.map(text)),
  );
  const count = `${result.rows.length} row${result.rows.length === 1 ? '' : 's'}`;
  const cost =
    result.cost === undefined
      ? ''
      : `; scanned ${result.cost.scannedBytes} bytes, billed ${result.cost.billedBytes}: $${result.cost.usd.toFixed(6)} (${result.cost.price})`;
  return `${table}\n${count}${cost}`;
}

/** The result as JSON carries it: rows as objects keyed by column. */
export function resultObject(result: QueryResult): Readonly<Record<string, unknown>> {
  return {
    engine: result.engine,
    sql: result.sql,
    columns: result.columns,
    rows: result.rows.map((row) =>
      Object.fromEntries(result.columns.map((c, i) => [c.name, row[i] ?? null])),
    ),
    rowCount: result.rows.length,
    ...(result.queryExecutionId === undefined ? {} : { queryExecutionId: result.queryExecutionId }),
    ...(result.cost === undefined ? {} : { cost: result.cost }),
  };
}

/** The result as JSON (`--json`). */
export function resultJson(result: QueryResult): string {
  return JSON.stringify(resultObject(result), null, 2);
}
