/**
 * The SQL the DuckDB engine runs, built from the dataset's columns. DuckDB reads every field as
 * text (so it only judges the CSV structure), and the conversions below apply the same rules as
 * the documented column types: a value converts, is a null marker, or makes its row bad.
 */
import type { ColumnSpec, ParseOptions } from '../dataset-config.js';

export const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
export const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

const TIMESTAMP = '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?';
const FLOAT = '[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?';

function decimalPattern(scale: number): string {
  return scale === 0 ? '[+-]?[0-9]+\\.?' : `[+-]?([0-9]+(\\.[0-9]{0,${scale}})?|\\.[0-9]{1,${scale}})`;
}

function guarded(raw: string, pattern: string, cast: string): string {
  return `CASE WHEN regexp_full_match(${raw}, ${literal(pattern)}) THEN ${cast} END`;
}

/** The typed value of a raw (non-null) field, NULL when it does not parse. */
export function conversion(column: ColumnSpec, raw: string): string {
  switch (column.type) {
    case 'string':
      return raw;
    case 'int':
      return guarded(raw, '[+-]?[0-9]{1,19}', `TRY_CAST(${raw} AS BIGINT)`);
    case 'float':
      return `CASE WHEN regexp_full_match(${raw}, ${literal(FLOAT)}) AND isfinite(TRY_CAST(${raw} AS DOUBLE)) THEN TRY_CAST(${raw} AS DOUBLE) END`;
    case 'bool':
      return `CASE WHEN lower(${raw}) IN ('true','t','yes','y','1') THEN true WHEN lower(${raw}) IN ('false','f','no','n','0') THEN false END`;
    case 'date':
      return guarded(raw, '[0-9]{4}-[0-9]{2}-[0-9]{2}', `TRY_CAST(${raw} AS DATE)`);
    case 'timestamp':
      return guarded(raw, TIMESTAMP, `TRY_CAST(${raw} AS TIMESTAMPTZ)`);
    case 'decimal':
      return guarded(raw, decimalPattern(column.scale ?? 0), `TRY_CAST(${raw} AS DECIMAL(${column.precision ?? 18},${column.scale ?? 0}))`);
  }
}

export interface ReadOptions {
  readonly path: string;
  readonly columns: readonly ColumnSpec[];
  readonly parse: ParseOptions;
  readonly rejectsTable: string;
  readonly rejectsScan: string;
  readonly maxLineBytes: number;
}

/** read_csv over the staged file: every column as text, structural errors to the rejects table. */
export function readCsv(options: ReadOptions): string {
  const columns = options.columns.map((column, i) => `${literal(`r${i}`)}: 'VARCHAR'`).join(', ');
  return `read_csv(${literal(options.path)}, header=${options.parse.header}, delim=${literal(options.parse.delimiter)}, quote='"', escape='"',
    new_line='\\n', auto_detect=false, strict_mode=true, columns={${columns}}, nullstr=${literal('\u0001')}, allow_quoted_nulls=false,
    store_rejects=true, rejects_table=${literal(options.rejectsTable)}, rejects_scan=${literal(options.rejectsScan)}, max_line_size=${options.maxLineBytes}, buffer_size=${options.maxLineBytes * 16})`;
}

function markers(parse: ParseOptions): string {
  return parse.nullMarkers.length ? `(${parse.nullMarkers.map(literal).join(', ')})` : `(${literal('\u0001')})`;
}

/** Typed columns `v<i>`, null flags `n<i>`, and `problem` (`<reason>|<column index>`) of the first bad field. */
export function checkedRows(options: ReadOptions): string {
  const list = markers(options.parse);
  const inner = options.columns.map((column, i) => `r${i} IN ${list} AS n${i}, CASE WHEN r${i} IN ${list} THEN NULL ELSE ${conversion(column, `r${i}`)} END AS v${i}`);
  const checks = options.columns.flatMap((column, i) => [
    ...(column.required ? [`WHEN n${i} THEN 'missing_required|${i}'`] : []),
    `WHEN NOT n${i} AND v${i} IS NULL THEN 'invalid_value|${i}'`,
  ]);
  const values = options.columns.map((_, i) => `v${i}`).join(', ');
  return `SELECT ${values}, CASE ${checks.join(' ')} END AS problem FROM (SELECT ${inner.join(', ')} FROM ${readCsv(options)})`;
}

/** The good rows of the staging file with their dataset column names, as DuckDB writes them to Parquet. */
export function parquetSelect(columns: readonly ColumnSpec[], staging: string): string {
  return `SELECT ${columns.map((column, i) => `v${i} AS ${ident(column.name)}`).join(', ')} FROM read_parquet(${literal(staging)}) WHERE problem IS NULL`;
}

/** The good rows of the staging file for NDJSON: timestamps as ISO 8601 UTC with microseconds, the rest as DuckDB's JSON writer renders them. */
export function ndjsonSelect(columns: readonly ColumnSpec[], staging: string): string {
  const select = columns.map(({ name, type }, i) => (type === 'timestamp' ? `strftime(v${i}, '%Y-%m-%dT%H:%M:%S.%fZ')` : `v${i}`) + ` AS ${ident(name)}`);
  return `SELECT ${select.join(', ')} FROM read_parquet(${literal(staging)}) WHERE problem IS NULL`;
}
