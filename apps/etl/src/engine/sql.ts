/**
 * The SQL the DuckDB engine runs, built from the dataset's columns. DuckDB reads every field as
 * text (so it only judges the CSV structure), and the conversions below apply the same rules as
 * the documented column types: a value converts, is a null marker, or makes its row bad.
 */
import type { Rules } from '../convert.js';
import type { ColumnSpec, Dialect } from '../dataset-config.js';

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
export const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** The documented rules as regexes; bench/conversion-equivalence.ts checks the GLOB forms below against them. */
export const INT = '[+-]?[0-9]{1,19}';
export const DATE = '[0-9]{4}-[0-9]{2}-[0-9]{2}';
export const TIMESTAMP =
  '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?';
export const FLOAT = '[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?';

export function decimalPattern(scale: number): string {
  return scale === 0 ? '[+-]?[0-9]+\\.?' : `[+-]?([0-9]+(\\.[0-9]{0,${scale}})?|\\.[0-9]{1,${scale}})`;
}

const D = '[0-9]';
/** DATE exactly. */
const DATE_GLOB = `${D}${D}${D}${D}-${D}${D}-${D}${D}`;
/** The usual timestamp shapes (seconds, no offset or `Z`); each is a subset of TIMESTAMP. */
const TIMESTAMP_GLOBS = [
  `${DATE_GLOB}[T ]${D}${D}:${D}${D}:${D}${D}`,
  `${DATE_GLOB}[T ]${D}${D}:${D}${D}:${D}${D}Z`,
];

const glob = (raw: string, pattern: string): string => `${raw} GLOB ${literal(pattern)}`;

/**
 * `value` equals one of `choices`, as ORed equalities: DuckDB plans `IN (<5 or more constants>)` as
 * a hash join, and a join in a parallel scan gives up file order, which the bad-row ordinals need.
 */
function oneOf(value: string, choices: readonly string[]): string {
  return `(${choices.map((choice) => `${value} = ${literal(choice)}`).join(' OR ')})`;
}

/** Unsigned digits, 1-19 of them: a subset of INT. */
const unsignedDigits = (raw: string): string =>
  `(strlen(${raw}) BETWEEN 1 AND 19 AND NOT ${glob(raw, '*[!0-9]*')})`;

/**
 * decimalPattern(scale) as GLOBs (the same language, cheaper than the regex): a sign, digit or dot
 * first, then only digits and dots, at most one dot, at most `scale` digits after it, a digit somewhere.
 * (In DuckDB's GLOB a '-' in a class is literal only first: '[0-9+-]' matches nothing.)
 */
function decimalShape(raw: string, scale: number): string {
  const tooLong = `*.${D.repeat(scale + 1)}*`;
  return `(${glob(raw, '[-+.0-9]*')} AND NOT ${glob(raw, '?*[!0-9.]*')} AND NOT ${glob(raw, '*.*.*')} AND NOT ${glob(raw, tooLong)} AND ${glob(raw, '*[0-9]*')})`;
}

const TRUE_WORDS = ['true', 't', 'yes', 'y', '1'];
const FALSE_WORDS = ['false', 'f', 'no', 'n', '0'];

/**
 * Regexes per value were the costliest part of the conversions (RE2 per call). Cheaper tests decide
 * the usual shapes first; each accepts a subset of the regex, and the regex runs only for values
 * none accepted (OR skips rows already true), so the rule is unchanged.
 */
function guarded(raw: string, pattern: string, cast: string, fast: readonly string[] = []): string {
  const tests = [...fast, `regexp_full_match(${raw}, ${literal(pattern)})`];
  return `CASE WHEN ${tests.join(' OR ')} THEN ${cast} END`;
}

/**
 * The cast, when the text is exactly how DuckDB prints its result (`-13804.17` as DECIMAL(12,2),
 * `553` as BIGINT): such text always satisfies the rule, and the check costs one print and compare.
 */
const printsBack = (cast: string, raw: string): string => `CAST(${cast} AS VARCHAR) = ${raw}`;

/**
 * A timestamp with no offset (or `Z`) read as TIMESTAMP, which is UTC here, and made a TIMESTAMPTZ
 * from its microseconds: a third of the cost of DuckDB's TIMESTAMPTZ cast, which goes through ICU.
 */
const utcTimestamp = (raw: string): string => `make_timestamptz(epoch_us(TRY_CAST(${raw} AS TIMESTAMP)))`;

/** A timestamp-shaped value at hour 24. */
export const hour24 = (raw: string): string => `substr(${raw}, 12, 2) = '24'`;

/** The `inferred` rules (convert.ts) where they differ: only text the type keeps exactly. */
const INFERRED_INT = '0|-?[1-9][0-9]{0,18}';
const INFERRED_FLOAT = '-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?';

function inferredConversion(column: ColumnSpec, raw: string): string | undefined {
  switch (column.type) {
    case 'int':
      return `CASE WHEN regexp_full_match(${raw}, ${literal(INFERRED_INT)}) THEN TRY_CAST(${raw} AS BIGINT) END`;
    case 'float': {
      const digits = `length(regexp_replace(regexp_replace(${raw}, '[eE].*$', ''), '[^0-9]', '', 'g'))`;
      return `CASE WHEN regexp_full_match(${raw}, ${literal(INFERRED_FLOAT)}) AND ${digits} <= 15 AND isfinite(TRY_CAST(${raw} AS DOUBLE)) THEN TRY_CAST(${raw} AS DOUBLE) END`;
    }
    case 'bool':
      return `CASE WHEN lower(${raw}) = 'true' THEN true WHEN lower(${raw}) = 'false' THEN false END`;
    default:
      return undefined;
  }
}

/** The typed value of a raw (non-null) field under `rules`, NULL when it does not parse. */
export function conversion(column: ColumnSpec, raw: string, rules: Rules = 'configured'): string {
  const inferred = rules === 'inferred' ? inferredConversion(column, raw) : undefined;
  if (inferred) return inferred;
  switch (column.type) {
    case 'string':
      return raw;
    case 'int': {
      const cast = `TRY_CAST(${raw} AS BIGINT)`;
      return guarded(raw, INT, cast, [printsBack(cast, raw), unsignedDigits(raw)]);
    }
    case 'float':
      return `CASE WHEN regexp_full_match(${raw}, ${literal(FLOAT)}) AND isfinite(TRY_CAST(${raw} AS DOUBLE)) THEN TRY_CAST(${raw} AS DOUBLE) END`;
    case 'bool':
      return `CASE WHEN ${oneOf(`lower(${raw})`, TRUE_WORDS)} THEN true WHEN ${oneOf(`lower(${raw})`, FALSE_WORDS)} THEN false END`;
    case 'date':
      return `CASE WHEN ${glob(raw, DATE_GLOB)} THEN TRY_CAST(${raw} AS DATE) END`;
    case 'timestamp':
      // DuckDB's cast takes hour 24 as the next day's midnight; the rule (hours 00-23) does not.
      return `CASE WHEN ${hour24(raw)} THEN NULL
        WHEN ${TIMESTAMP_GLOBS.map((pattern) => glob(raw, pattern)).join(' OR ')} THEN ${utcTimestamp(raw)}
        WHEN regexp_full_match(${raw}, ${literal(TIMESTAMP)}) THEN TRY_CAST(${raw} AS TIMESTAMPTZ) END`;
    case 'decimal': {
      const cast = `TRY_CAST(${raw} AS DECIMAL(${column.precision ?? 18},${column.scale ?? 0}))`;
      return `CASE WHEN ${printsBack(cast, raw)} OR ${decimalShape(raw, column.scale ?? 0)} THEN ${cast} END`;
    }
  }
}

export interface ReadOptions {
  readonly path: string;
  readonly columns: readonly ColumnSpec[];
  /** Per column, what a quarantine message adds (the table's type against this file's), if anything. */
  readonly notes?: readonly (string | undefined)[];
  /** `inferred` when the columns' types were inferred (their conversions keep text exactly). */
  readonly rules: Rules;
  readonly parse: Dialect;
  readonly rejectsTable: string;
  readonly rejectsScan: string;
  readonly maxLineBytes: number;
}

/**
 * DuckDB's read buffer: 4 records of the longest size (8 MiB at the default 2 MiB). Its default of
 * 16 (32 MiB) read the 200 MB bench file about 10% slower on two threads (1.16-1.30 s against
 * 1.06-1.14 s), and 64 MiB took 1.99 s.
 */
const readBufferBytes = (maxLineBytes: number): number => maxLineBytes * 4;

/**
 * The null markers as DuckDB's reader options: it matches them while it parses, quoted or not, as
 * the documented rule does (12% cheaper than comparing every field in SQL). DuckDB wants at least
 * one marker, so a dataset without any gets U+0001, and a field of exactly that character is
 * quarantined as a bad value rather than silently nulled (see `checkedRows`).
 */
function nullOptions(parse: Dialect): string {
  return parse.nullMarkers.length
    ? `nullstr=[${parse.nullMarkers.map(literal).join(', ')}], allow_quoted_nulls=true`
    : `nullstr=${literal('\u0001')}, allow_quoted_nulls=false`;
}

/** read_csv over the staged file: every column as text, structural errors to the rejects table. */
function readCsv(options: ReadOptions): string {
  const columns = options.columns.map((column, i) => `${literal(`r${i}`)}: 'VARCHAR'`).join(', ');
  const { header, delimiter, quote, escape } = options.parse;
  return `read_csv(${literal(options.path)}, header=${header}, delim=${literal(delimiter)}, quote=${literal(quote)}, escape=${literal(escape)},
    new_line='\\n', auto_detect=false, strict_mode=true, columns={${columns}}, ${nullOptions(options.parse)},
    store_rejects=true, rejects_table=${literal(options.rejectsTable)}, rejects_scan=${literal(options.rejectsScan)}, max_line_size=${options.maxLineBytes}, buffer_size=${readBufferBytes(options.maxLineBytes)})`;
}

/** Whether a raw field was one of the dataset's null markers (DuckDB read it as NULL). */
function isNullMarker(parse: Dialect, raw: string): string {
  return parse.nullMarkers.length ? `${raw} IS NULL` : 'false';
}

/** Typed columns `v<i>`, null flags `n<i>`, and `problem` (`<reason>|<column index>`) of the first bad field. */
export function checkedRows(options: ReadOptions): string {
  const inner = options.columns.map((column, i) => {
    const isNull = isNullMarker(options.parse, `r${i}`);
    // A NULL field converts to NULL: no CASE is needed around the conversion.
    return `${isNull} AS n${i}, ${conversion(column, `r${i}`, options.rules)} AS v${i}`;
  });
  const checks = options.columns.flatMap((column, i) => [
    ...(column.required ? [`WHEN n${i} THEN 'missing_required|${i}'`] : []),
    `WHEN NOT n${i} AND v${i} IS NULL THEN 'invalid_value|${i}'`,
  ]);
  const values = options.columns.map((_, i) => `v${i}`).join(', ');
  return `SELECT ${values}, CASE ${checks.join(' ')} END AS problem FROM (SELECT ${inner.join(', ')} FROM ${readCsv(options)})`;
}

/**
 * One column of the outputs: the table's name and type, and the file's column it comes from
 * (`source`, an index of the read columns), or none: a column the file lacks is null in every row.
 */
export interface OutputColumn {
  readonly name: string;
  readonly type: Pick<ColumnSpec, 'type' | 'precision' | 'scale'>;
  readonly source?: number;
}

/** The outputs' columns when nothing but the file decides them: its own, in its order. */
export function fileOrder(columns: readonly ColumnSpec[]): OutputColumn[] {
  return columns.map((column, source) => ({ name: column.name, type: column, source }));
}

/** The DuckDB type a column type converts to (what sets its Parquet type). */
function duckDbType({ type, precision, scale }: OutputColumn['type']): string {
  const types = {
    string: 'VARCHAR',
    int: 'BIGINT',
    float: 'DOUBLE',
    bool: 'BOOLEAN',
    date: 'DATE',
    timestamp: 'TIMESTAMPTZ',
    decimal: `DECIMAL(${precision ?? 18},${scale ?? 0})`,
  } as const;
  return types[type];
}

/** A staging column, or a typed null for a column the file lacks. */
const outputValue = (column: OutputColumn): string =>
  column.source === undefined ? `CAST(NULL AS ${duckDbType(column.type)})` : `v${column.source}`;

/** The good rows of the staging file with the outputs' columns, in order, as DuckDB writes them to Parquet. */
export function parquetSelect(columns: readonly OutputColumn[], staging: string): string {
  return `SELECT ${columns.map((column) => `${outputValue(column)} AS ${ident(column.name)}`).join(', ')} FROM read_parquet(${literal(staging)}) WHERE problem IS NULL`;
}

/** Staging rows `[from, to)` by their position in the file (DuckDB skips the row groups outside). */
export interface RowRange {
  readonly from: number;
  readonly to: number;
}

/**
 * The good rows of the staging file for NDJSON, within `range`: timestamps as ISO 8601 UTC with
 * microseconds, the rest as DuckDB's JSON writer renders them.
 */
export function ndjsonSelect(columns: readonly OutputColumn[], staging: string, range: RowRange): string {
  const select = columns.map(
    (column) =>
      (column.type.type === 'timestamp' && column.source !== undefined
        ? `strftime(v${column.source}, '%Y-%m-%dT%H:%M:%S.%fZ')`
        : outputValue(column)) + ` AS ${ident(column.name)}`,
  );
  return `SELECT ${select.join(', ')} FROM read_parquet(${literal(staging)}, file_row_number=true)
    WHERE problem IS NULL AND file_row_number >= ${range.from} AND file_row_number < ${range.to}`;
}
