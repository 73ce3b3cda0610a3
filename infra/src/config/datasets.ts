/**
 * Dataset schemas handed to the etl function as the DATASETS variable (JSON).
 * A dataset without columns is schema-less: rows pass through with their header names.
 */
export type ColumnType = 'int' | 'string' | 'bool' | 'timestamp' | 'double' | `decimal(${number})`;

export interface ColumnDefinition {
  readonly name: string;
  readonly type: ColumnType;
  /** Default false: an empty value is a rejected row. */
  readonly nullable?: boolean;
}

export interface DatasetDefinition {
  /** Files under `<raw prefix>/<name>/` belong to this dataset. */
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
      { name: 'amount', type: 'decimal(2)' },
      { name: 'ordered_at', type: 'timestamp' },
      { name: 'shipped', type: 'bool' },
      { name: 'note', type: 'string', nullable: true },
    ],
  },
  { name: 'events' },
];

/** The DATASETS environment value: compact JSON, stable key order. */
export function serializeDatasets(datasets: readonly DatasetDefinition[]): string {
  return JSON.stringify(
    datasets.map((dataset) =>
      dataset.columns === undefined
        ? { name: dataset.name }
        : { name: dataset.name, columns: dataset.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable ?? false })) },
    ),
  );
}
