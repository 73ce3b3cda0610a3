/**
 * Dataset schemas handed to the etl function as the DATASETS variable. The contract (column types,
 * `required`, decimals, names, and the validator) is declared once in @pipeline/dataset-contract,
 * which the etl function validates the same value with at cold start. A dataset without columns is
 * schema-less: rows pass through with their header names.
 */
import {
  DatasetConfigError,
  glueTableName,
  glueTypeOf,
  parseColumns,
  parseDatasetName,
  validateDatasets,
  type ColumnInput,
} from '@pipeline/dataset-contract';
import { InfraConfigError } from '../../errors.js';
import type { GlueTable } from '../kit/define.js';
import { checkUnique } from '../../config/checks.js';

export interface DatasetDefinition {
  /** Files under `<source prefix>/<name>/` belong to this dataset. */
  readonly name: string;
  /** Columns as the contract declares them; `required` (default false) rejects a row with the value empty. */
  readonly columns?: readonly ColumnInput[];
}

/** The demo datasets every environment ships with. */
export const DEMO_DATASETS: readonly DatasetDefinition[] = [
  {
    name: 'orders',
    columns: [
      { name: 'id', type: 'int', required: true },
      { name: 'customer', type: 'string', required: true },
      { name: 'amount', type: 'decimal', required: true, precision: 12, scale: 2 },
      { name: 'ordered_at', type: 'timestamp', required: true },
      { name: 'shipped', type: 'bool', required: true },
      { name: 'note', type: 'string' },
    ],
  },
  { name: 'events' },
];

/**
 * The DATASETS value: each dataset gets the key prefix `<sourcePrefix>/<name>/` (full key, as S3
 * delivers it), its columns as the contract resolves them. Validated with the contract before it
 * is returned, so the function never receives a value it would refuse.
 */
export function serializeDatasets(datasets: readonly DatasetDefinition[], sourcePrefix: string): string {
  const value = datasets.map((dataset) => ({
    name: dataset.name,
    prefix: `${sourcePrefix}/${dataset.name}/`,
    ...(dataset.columns === undefined
      ? {}
      : { schema: { columns: parseColumns(dataset.columns, `datasets.${dataset.name}.columns`) } }),
  }));
  validateDatasets(value);
  return JSON.stringify(value);
}

/**
 * The Glue tables declared at synth: one per dataset with columns, typed as etl writes them
 * (the contract's glueTypeOf). Schema-less datasets get theirs from the function.
 */
export function declaredTables(datasets: readonly DatasetDefinition[]): GlueTable[] {
  return datasets.flatMap((dataset) =>
    dataset.columns === undefined
      ? []
      : [
          {
            name: glueTableName(dataset.name),
            folder: dataset.name,
            columns: parseColumns(dataset.columns, `datasets.${dataset.name}.columns`).map((column) => ({
              name: column.name,
              type: glueTypeOf(column),
            })),
          },
        ],
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

/**
 * Names unique and well-formed, columns as the contract requires (the etl function's own check).
 *
 * @throws {InfraConfigError} at the first bad field, its dotted path under `at`.
 */
export function checkDatasets(at: string, datasets: readonly DatasetDefinition[]): void {
  if (datasets.length === 0) throw new InfraConfigError(at, 'at least one dataset', datasets);
  checkUnique(
    at,
    datasets.map((d) => d.name),
  );
  datasets.forEach((dataset, index) => {
    try {
      parseDatasetName(dataset.name, `${at}[${index}].name`);
      if (dataset.columns !== undefined) parseColumns(dataset.columns, `${at}[${index}].columns`);
    } catch (error) {
      if (error instanceof DatasetConfigError)
        throw new InfraConfigError(error.path, error.expected, error.received, { cause: error });
      throw error;
    }
  });
}
