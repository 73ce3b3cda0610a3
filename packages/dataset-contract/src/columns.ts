/** Columns of a dataset schema: the types etl converts to, and their validation. */
import { DatasetConfigError } from './errors.js';
import { isObject } from './json.js';

export const COLUMN_TYPES = ['string', 'int', 'float', 'bool', 'date', 'timestamp', 'decimal'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** A validated column: `required` decided, a decimal's precision defaulted. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly required: boolean;
  /** decimal only: total digits (1-18) and digits after the point (0-precision). */
  readonly precision?: number;
  readonly scale?: number;
}

/** A column as declared (infra's configuration, the DATASETS JSON). */
export interface ColumnInput {
  readonly name: string;
  readonly type: ColumnType;
  /** An empty value rejects the row. @default false: an empty value is null */
  readonly required?: boolean;
  /** decimal only: total digits, 1-18. @default 18 */
  readonly precision?: number;
  /** decimal only (required there): digits after the point. */
  readonly scale?: number;
}

/** Column names as files have them (`Contact Phone Number`): up to 128 characters, no control character, not blank. */
const isColumnName = (name: string): boolean =>
  name.length >= 1 &&
  name.length <= 128 &&
  name.trim() !== '' &&
  ![...name].some((c) => c < ' ' || c === '\u007f');

function optionalInt(raw: Record<string, unknown>, key: string, path: string, min: number, max: number) {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new DatasetConfigError(`${path}.${key}`, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

function parseColumn(raw: unknown, path: string): ColumnSpec {
  if (!isObject(raw)) throw new DatasetConfigError(path, 'a column object', raw);
  const { name, type, required } = raw;
  if (typeof name !== 'string' || !isColumnName(name))
    throw new DatasetConfigError(
      `${path}.name`,
      'a column name of 1-128 characters, not blank, without control characters',
      name,
    );
  if (typeof type !== 'string' || !(COLUMN_TYPES as readonly string[]).includes(type))
    throw new DatasetConfigError(`${path}.type`, `one of ${COLUMN_TYPES.join(', ')}`, type);
  if (required !== undefined && typeof required !== 'boolean')
    throw new DatasetConfigError(`${path}.required`, 'a boolean', required);
  const column: ColumnSpec = { name, type: type as ColumnType, required: required === true };
  if (type !== 'decimal') {
    if (raw.scale !== undefined || raw.precision !== undefined)
      throw new DatasetConfigError(
        `${path}.scale`,
        'no scale or precision on a non-decimal column',
        raw.scale,
      );
    return column;
  }
  const precision = optionalInt(raw, 'precision', path, 1, 18) ?? 18;
  const scale = optionalInt(raw, 'scale', path, 0, precision);
  if (scale === undefined)
    throw new DatasetConfigError(`${path}.scale`, `an integer from 0 to ${precision}`, scale);
  return { ...column, precision, scale };
}

/**
 * Validates a schema's columns: a non-empty array, each named and typed, names unique, decimals
 * with a precision and scale that fit. `path` names the array in messages.
 *
 * @throws {DatasetConfigError} naming the first bad field.
 */
export function parseColumns(raw: unknown, path: string): readonly ColumnSpec[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw new DatasetConfigError(path, 'a non-empty array of columns', raw);
  const parsed = raw.map((column: unknown, i) => parseColumn(column, `${path}[${i}]`));
  const seen = new Set<string>();
  for (const [i, { name }] of parsed.entries()) {
    if (seen.has(name))
      throw new DatasetConfigError(`${path}[${i}].name`, 'a column name not already in this schema', name);
    seen.add(name);
  }
  return Object.freeze(parsed);
}
