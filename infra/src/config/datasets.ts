/**
 * Dataset schemas handed to the etl function as the DATASETS variable, in the shape the etl app
 * parses (apps/etl/src/dataset-config.ts): `[{ name, prefix, schema?: { columns: [...] } }]`.
 * A dataset without columns is schema-less: rows pass through with their header names.
 */
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

function serializeColumn(column: ColumnDefinition): Record<string, unknown> {
  const base = { name: column.name, type: column.type, required: !(column.nullable ?? false) };
  return column.type === 'decimal'
    ? { ...base, precision: column.precision ?? 18, scale: column.scale }
    : base;
}
