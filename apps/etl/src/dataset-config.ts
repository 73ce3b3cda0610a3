/**
 * Dataset configuration (the DATASETS variable): which key prefix belongs to which dataset,
 * and optionally its schema and parse options. Validated once, before any work, with one
 * message shape: "Expected <what> for <path>".
 */
import { DatasetConfigError } from './errors.js';

export const COLUMN_TYPES = ['string', 'int', 'float', 'bool', 'date', 'timestamp', 'decimal'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly required: boolean;
  /** decimal only: total digits (1-18) and digits after the point (0-precision). */
  readonly precision?: number;
  readonly scale?: number;
}

const ENCODINGS = ['utf-8', 'utf-16', 'windows-1252', 'latin1'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface ParseOptions {
  /** One ASCII character; unset: a tab for `.tsv` files, a comma otherwise. */
  readonly delimiter?: string;
  /** Opens and closes a quoted field (default `"`). */
  readonly quote: string;
  /** Inside a quoted field, makes the next character literal (default: the quote, i.e. `""`). */
  readonly escape: string;
  readonly header: boolean;
  /** Raw values read as null (compared before any conversion). */
  readonly nullMarkers: readonly string[];
  /** The file's text encoding; a byte order mark at its start overrides it. */
  readonly encoding: Encoding;
}

/** The parse options of one file: its dataset's, with the delimiter decided by its name. */
export type Dialect = Required<ParseOptions>;

export interface DatasetSpec {
  readonly name: string;
  /** Folder-style key prefix (ends with `/`) the dataset's uploads arrive under. */
  readonly prefix: string;
  readonly schema?: readonly ColumnSpec[];
  readonly parse: ParseOptions;
}

export const DEFAULT_PARSE: ParseOptions = Object.freeze({
  quote: '"',
  escape: '"',
  header: true,
  nullMarkers: Object.freeze(['']),
  encoding: 'utf-8',
});
/** Column names as files have them (`Contact Phone Number`): up to 128 characters, no control character, not blank. */
const isColumnName = (name: string): boolean =>
  name.length >= 1 &&
  name.length <= 128 &&
  name.trim() !== '' &&
  ![...name].some((c) => c < ' ' || c === '\u007f');
const DATASET_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalInt(raw: Json, key: string, path: string, min: number, max: number): number | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new DatasetConfigError(
      `${path}.${key}`,
      `an integer from ${min} to ${max} but received ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function parseColumn(raw: unknown, path: string): ColumnSpec {
  if (!isObject(raw)) throw new DatasetConfigError(path, 'an object');
  const { name, type, required } = raw;
  if (typeof name !== 'string' || !isColumnName(name))
    throw new DatasetConfigError(
      `${path}.name`,
      `a column name of 1-128 characters, not blank, without control characters but received ${JSON.stringify(name)}`,
    );
  if (typeof type !== 'string' || !(COLUMN_TYPES as readonly string[]).includes(type)) {
    throw new DatasetConfigError(
      `${path}.type`,
      `one of ${COLUMN_TYPES.join(', ')} but received ${JSON.stringify(type)}`,
    );
  }
  if (required !== undefined && typeof required !== 'boolean')
    throw new DatasetConfigError(`${path}.required`, 'a boolean');
  const column: ColumnSpec = { name, type: type as ColumnType, required: required === true };
  if (type !== 'decimal') {
    if (raw.scale !== undefined || raw.precision !== undefined)
      throw new DatasetConfigError(`${path}.scale`, 'no scale or precision on a non-decimal column');
    return column;
  }
  const precision = optionalInt(raw, 'precision', path, 1, 18) ?? 18;
  const scale = optionalInt(raw, 'scale', path, 0, precision);
  if (scale === undefined) throw new DatasetConfigError(`${path}.scale`, `an integer from 0 to ${precision}`);
  return { ...column, precision, scale };
}

function parseSchema(raw: unknown, path: string): ColumnSpec[] | undefined {
  if (raw === undefined) return undefined;
  const columns = isObject(raw) ? raw.columns : undefined;
  if (!Array.isArray(columns) || columns.length === 0)
    throw new DatasetConfigError(`${path}.columns`, 'a non-empty array of columns');
  const parsed = columns.map((column, i) => parseColumn(column, `${path}.columns[${i}]`));
  const seen = new Set<string>();
  for (const [i, { name }] of parsed.entries()) {
    if (seen.has(name))
      throw new DatasetConfigError(
        `${path}.columns[${i}].name`,
        `a unique column name but ${JSON.stringify(name)} repeats`,
      );
    seen.add(name);
  }
  return parsed;
}

/** One ASCII character other than CR, LF and NUL, or throws naming `path`. */
function oneChar(value: unknown, path: string): string {
  const ok = typeof value === 'string' && value.length === 1 && value.charCodeAt(0) < 0x80;
  if (!ok || value === '\n' || value === '\r' || value === '\0') {
    throw new DatasetConfigError(
      path,
      `one ASCII character other than a newline but received ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function parseOptions(raw: unknown, path: string): ParseOptions {
  if (raw === undefined) return DEFAULT_PARSE;
  if (!isObject(raw)) throw new DatasetConfigError(path, 'an object');
  const { header = true, nullMarkers = [''], encoding = 'utf-8' } = raw;
  const quote = oneChar(raw.quote ?? '"', `${path}.quote`);
  const escape = oneChar(raw.escape ?? quote, `${path}.escape`);
  const delimiter = raw.delimiter === undefined ? undefined : oneChar(raw.delimiter, `${path}.delimiter`);
  if (delimiter === quote || delimiter === escape)
    throw new DatasetConfigError(
      `${path}.delimiter`,
      'a delimiter other than the quote and escape characters',
    );
  if (typeof header !== 'boolean') throw new DatasetConfigError(`${path}.header`, 'a boolean');
  if (!Array.isArray(nullMarkers) || !nullMarkers.every((m) => typeof m === 'string')) {
    throw new DatasetConfigError(`${path}.nullMarkers`, 'an array of strings');
  }
  if (typeof encoding !== 'string' || !(ENCODINGS as readonly string[]).includes(encoding)) {
    throw new DatasetConfigError(
      `${path}.encoding`,
      `one of ${ENCODINGS.join(', ')} but received ${JSON.stringify(encoding)}`,
    );
  }
  return Object.freeze({
    ...(delimiter === undefined ? {} : { delimiter }),
    quote,
    escape,
    header,
    nullMarkers: Object.freeze([...nullMarkers]),
    encoding: encoding as Encoding,
  });
}

/** True when a key names a tab-separated file (`.tsv`, `.tsv.gz`). */
function isTsvKey(key: string): boolean {
  return /\.tsv(\.gz)?$/i.test(key);
}

/** The dialect of the file at `key`: a dataset without a delimiter reads `.tsv` files with tabs. */
export function dialectFor(parse: ParseOptions, key: string): Dialect {
  return { ...parse, delimiter: parse.delimiter ?? (isTsvKey(key) ? '\t' : ',') };
}

function parseDataset(raw: unknown, path: string): DatasetSpec {
  if (!isObject(raw)) throw new DatasetConfigError(path, 'an object');
  const { name, prefix } = raw;
  if (typeof name !== 'string' || !DATASET_NAME.test(name)) {
    throw new DatasetConfigError(
      `${path}.name`,
      `a dataset name matching ${DATASET_NAME} but received ${JSON.stringify(name)}`,
    );
  }
  if (typeof prefix !== 'string' || prefix.replace(/^\/+|\/+$/g, '') === '') {
    throw new DatasetConfigError(
      `${path}.prefix`,
      `a non-empty key prefix but received ${JSON.stringify(prefix)}`,
    );
  }
  const schema = parseSchema(raw.schema, `${path}.schema`);
  const parse = parseOptions(raw.parse, `${path}.parse`);
  return Object.freeze({ name, prefix: folder(prefix), ...(schema ? { schema } : {}), parse });
}

function folder(prefix: string): string {
  return `${prefix.replace(/^\/+/, '').replace(/\/+$/, '')}/`;
}

/**
 * Parses and validates the DATASETS JSON: an array of datasets, names and prefixes unique,
 * no prefix inside another (each upload belongs to exactly one dataset).
 *
 * @throws {DatasetConfigError} naming the first bad field.
 */
export function parseDatasets(json: string): readonly DatasetSpec[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new DatasetConfigError('DATASETS', 'valid JSON');
  }
  if (!Array.isArray(raw) || raw.length === 0)
    throw new DatasetConfigError('DATASETS', 'a non-empty array of datasets');
  const datasets = raw.map((entry, i) => parseDataset(entry, `DATASETS[${i}]`));
  for (const [i, a] of datasets.entries()) {
    for (const b of datasets.slice(0, i)) {
      if (a.name === b.name)
        throw new DatasetConfigError(
          `DATASETS[${i}].name`,
          `a unique dataset name but ${JSON.stringify(a.name)} repeats`,
        );
      if (a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix)) {
        throw new DatasetConfigError(
          `DATASETS[${i}].prefix`,
          `a prefix that does not overlap ${JSON.stringify(b.prefix)}`,
        );
      }
    }
  }
  return Object.freeze(datasets);
}

/** The dataset whose prefix holds `key`, if any. */
export function datasetForKey(datasets: readonly DatasetSpec[], key: string): DatasetSpec | undefined {
  return datasets.find((dataset) => key.startsWith(dataset.prefix));
}
