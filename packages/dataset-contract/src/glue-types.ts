/**
 * The Glue Data Catalog side of the contract: the Glue (Hive) type each column type is written to
 * Parquet as, and back. infra declares the tables of declared datasets with it at synth; the etl
 * function keeps the tables of schema-less ones with it and checks every table against it.
 */
import type { ColumnSpec, ColumnType } from './columns.js';

/** A column's type as the contract holds it (a decimal with its precision and scale). */
export type ColumnTypeSpec = Pick<ColumnSpec, 'type' | 'precision' | 'scale'>;

/** The Hive-style partition every curated file is written under (`ingest_date=YYYY-MM-DD/`). */
export const INGEST_DATE_PARTITION = { name: 'ingest_date', glueType: 'date' } as const;

/**
 * The Glue type of a column: the Parquet type etl writes it as (int as BIGINT, float as DOUBLE,
 * timestamp as a UTC-adjusted microsecond TIMESTAMP, decimal with its precision and scale).
 *
 * @example glueTypeOf({ type: 'decimal', precision: 12, scale: 2 }) // 'decimal(12,2)'
 */
export function glueTypeOf(column: ColumnTypeSpec): string {
  switch (column.type) {
    case 'string':
      return 'string';
    case 'int':
      return 'bigint';
    case 'float':
      return 'double';
    case 'bool':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp';
    case 'decimal':
      return `decimal(${column.precision ?? 18},${column.scale ?? 0})`;
  }
}

/** glueTypeOf's answers for the types without parameters, turned round. */
const SIMPLE_TYPES: Readonly<Record<string, Exclude<ColumnType, 'decimal'>>> = {
  string: 'string',
  bigint: 'int',
  double: 'float',
  boolean: 'bool',
  date: 'date',
  timestamp: 'timestamp',
};

const DECIMAL = /^decimal\(\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)$/;

/**
 * The column type a Glue type names, when it is one glueTypeOf produces (case and spaces aside);
 * `undefined` for any other (`int`, `varchar(10)`, `array<string>`, a decimal wider than 18 digits).
 *
 * @example columnTypeOfGlue('decimal(12,2)') // { type: 'decimal', precision: 12, scale: 2 }
 */
export function columnTypeOfGlue(glueType: string): ColumnTypeSpec | undefined {
  const text = glueType.trim().toLowerCase();
  const simple = Object.hasOwn(SIMPLE_TYPES, text) ? SIMPLE_TYPES[text] : undefined;
  if (simple !== undefined) return { type: simple };
  const decimal = DECIMAL.exec(text);
  if (decimal === null) return undefined;
  const precision = Number(decimal[1]);
  const scale = Number(decimal[2]);
  return precision >= 1 && precision <= 18 && scale <= precision
    ? { type: 'decimal', precision, scale }
    : undefined;
}

/**
 * The Glue table of a dataset: its name with `-` as `_` (Athena's identifiers take no dash).
 *
 * @example glueTableName('web-events') // 'web_events'
 */
export function glueTableName(dataset: string): string {
  return dataset.replaceAll('-', '_');
}

/** A curated dataset's table, before it is a Glue TableInput (see curatedTableInput). */
export interface CuratedTableSpec {
  readonly name: string;
  /** `s3://<bucket>/<curated prefix>/<dataset>/`, with the trailing slash. */
  readonly location: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** The first day partition projection offers (yyyy-MM-dd); the range ends at NOW. */
  readonly partitionsFrom: string;
}

/** A Glue TableInput as the SDK's CreateTable and UpdateTable take it (and infra's table resource, renamed). */
export interface CuratedTableInput {
  readonly Name: string;
  readonly TableType: 'EXTERNAL_TABLE';
  readonly Parameters: Readonly<Record<string, string>>;
  readonly PartitionKeys: readonly { readonly Name: string; readonly Type: string }[];
  readonly StorageDescriptor: {
    readonly Location: string;
    readonly InputFormat: string;
    readonly OutputFormat: string;
    readonly SerdeInfo: {
      readonly SerializationLibrary: string;
      readonly Parameters: Readonly<Record<string, string>>;
    };
    readonly Columns: readonly { readonly Name: string; readonly Type: string }[];
  };
}

/**
 * The one shape of a curated table, whoever creates it: external, Parquet, partitioned by
 * `ingest_date` with partition projection (Athena computes the partitions from the range and the
 * location template, so no crawler and no `MSCK REPAIR TABLE` is needed).
 *
 * @example curatedTableInput({ name: 'orders', location: 's3://b/etl/curated/orders/', columns, partitionsFrom: '2026-01-01' })
 */
export function curatedTableInput(spec: CuratedTableSpec): CuratedTableInput {
  const key = INGEST_DATE_PARTITION.name;
  return {
    Name: spec.name,
    TableType: 'EXTERNAL_TABLE',
    Parameters: {
      EXTERNAL: 'TRUE',
      classification: 'parquet',
      'projection.enabled': 'true',
      [`projection.${key}.type`]: 'date',
      [`projection.${key}.format`]: 'yyyy-MM-dd',
      [`projection.${key}.range`]: `${spec.partitionsFrom},NOW`,
      [`projection.${key}.interval`]: '1',
      [`projection.${key}.interval.unit`]: 'DAYS',
      'storage.location.template': `${spec.location}${key}=\${${key}}/`,
    },
    PartitionKeys: [{ Name: key, Type: INGEST_DATE_PARTITION.glueType }],
    StorageDescriptor: {
      Location: spec.location,
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      SerdeInfo: {
        SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
        Parameters: { 'serialization.format': '1' },
      },
      Columns: spec.columns.map((column) => ({ Name: column.name, Type: column.type })),
    },
  };
}
