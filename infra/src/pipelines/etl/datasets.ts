/**
 * Dataset schemas handed to the etl function as the DATASETS variable, in the shape the etl app
 * parses (apps/etl/src/dataset-config.ts): `[{ name, prefix, schema?: { columns: [...] } }]`.
 * A dataset without columns is schema-less: rows pass through with their header names.
 */
import { ConfigError } from '../../errors.js';
import { checkIntegerRange, checkOneOf, checkPattern, checkUnique } from '../../config/checks.js';

export const COLUMN_TYPES = ['string', 'int', 'float', 'bool', 'date', 'timestamp', 'decimal'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ColumnDefinition {
  readonly name: string;
  readonly type: ColumnType;
  /** An empty value is allowed (null). @default false: an empty value rejects the row */
  readonly nullable?: boolean;
  /** decimal only: total digits, 1-18. @default 18 */
  readonly precision?: number;
  /** decimal only (required there): digits after the point. */
  readonly scale?: number;
}

export interface DatasetDefinition {
  /** Files under `<source prefix>/<name>/` belong to this dataset. */
  readonly name: string;
  readonly columns?: readonly ColumnDefinition[];
}

/** The demo datasets every environment ships with. */
export const DEMO_DATASETS: readonly DatasetDefinition[] = [
  {
    name: 'orders',
    columns: [
      { name: 'id', type: 'int' },
      { name: 'customer', type: 'string' },
      { name: 'amount', type: 'decimal', precision: 12, scale: 2 },
      { name: 'ordered_at', type: 'timestamp' },
      { name: 'shipped', type: 'bool' },
      { name: 'note', type: 'string', nullable: true },
    ],
  },
  { name: 'events' },
];

/** The DATASETS value: each dataset gets the key prefix `<sourcePrefix>/<name>/` (full key, as S3 delivers it). */
export function serializeDatasets(datasets: readonly DatasetDefinition[], sourcePrefix: string): string {
  return JSON.stringify(
    datasets.map((dataset) => ({
      name: dataset.name,
      prefix: `${sourcePrefix}/${dataset.name}/`,
      ...(dataset.columns === undefined ? {} : { schema: { columns: dataset.columns.map(serializeColumn) } }),
    })),
  );
}

/**
 * The key of a local CSV under the source prefix (`pnpm start --input DIR`): in the dataset its first
 * folder names, else in the first dataset without a schema (rows pass through), else the first.
 *
 * @example localDatasetKey(DEMO_DATASETS, 'orders/2026-11.csv') // 'orders/2026-11.csv'
 */
export function localDatasetKey(datasets: readonly DatasetDefinition[], file: string): string {
  const folder = file.includes('/') ? file.slice(0, file.indexOf('/')) : '';
  const dataset =
    datasets.find((d) => d.name === folder) ?? datasets.find((d) => d.columns === undefined) ?? datasets[0];
  if (dataset === undefined) throw new Error('etl has no dataset to take a CSV (validation requires one)');
  return `${dataset.name}/${file.slice(file.lastIndexOf('/') + 1)}`;
}

function serializeColumn(column: ColumnDefinition): Record<string, unknown> {
  const base = { name: column.name, type: column.type, required: !(column.nullable ?? false) };
  return column.type === 'decimal'
    ? { ...base, precision: column.precision ?? 18, scale: column.scale }
    : base;
}

/** Names unique and well-formed, columns typed, decimals with a precision and scale that fit. */
export function checkDatasets(at: string, datasets: readonly DatasetDefinition[]): void {
  if (datasets.length === 0) throw new ConfigError(at, 'expected at least one dataset but received none');
  checkUnique(
    at,
    datasets.map((d) => d.name),
  );
  datasets.forEach((dataset, index) => {
    checkPattern(`${at}[${index}].name`, dataset.name, /^[a-z0-9][a-z0-9_-]{0,62}$/, 'a dataset name');
    const columns = dataset.columns ?? [];
    checkUnique(
      `${at}[${index}].columns`,
      columns.map((c) => c.name),
    );
    columns.forEach((column, columnIndex) => checkColumn(`${at}[${index}].columns[${columnIndex}].`, column));
  });
}

function checkColumn(at: string, column: ColumnDefinition): void {
  checkPattern(`${at}name`, column.name, /^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'a column name');
  checkOneOf(`${at}type`, column.type, COLUMN_TYPES);
  if (column.type !== 'decimal') {
    if (column.precision !== undefined || column.scale !== undefined)
      throw new ConfigError(`${at}scale`, 'expected no precision or scale on a non-decimal column');
    return;
  }
  const precision = column.precision ?? 18;
  checkIntegerRange(`${at}precision`, precision, 1, 18);
  checkIntegerRange(`${at}scale`, column.scale ?? -1, 0, precision);
}
