/**
 * Glue (Hive) column types as DuckDB types, so a local view reads its Parquet with the same types
 * Athena reads the table with. One function, tested type by type (tests/unit/query-glue-types.test.ts).
 */
import { QueryError } from './query-errors.js';

/** Glue's scalar types and their DuckDB twins. */
const SCALARS: Readonly<Record<string, string>> = {
  string: 'VARCHAR',
  boolean: 'BOOLEAN',
  tinyint: 'TINYINT',
  smallint: 'SMALLINT',
  int: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  float: 'FLOAT',
  double: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  binary: 'BLOB',
};

/**
 * The DuckDB type for a Glue column type: `bigint` -> `BIGINT`, `decimal(12,2)` -> `DECIMAL(12,2)`,
 * `varchar(20)` -> `VARCHAR`, `array<string>` -> `VARCHAR[]`.
 *
 * @throws {QueryError} UNSUPPORTED_TYPE for a type the local engine does not map (map, struct, union).
 * @example duckDbTypeOf('decimal(12,2)') // 'DECIMAL(12,2)'
 */
export function duckDbTypeOf(glueType: string): string {
  const type = glueType.trim().toLowerCase();
  const scalar = SCALARS[type];
  if (scalar !== undefined) return scalar;
  const decimal = /^decimal\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(type);
  if (decimal !== null) return `DECIMAL(${decimal[1]},${decimal[2]})`;
  // Hive's decimal without arguments is decimal(10,0).
  if (type === 'decimal') return 'DECIMAL(10,0)';
  if (/^(varchar|char)\s*\(\s*\d+\s*\)$/.test(type)) return 'VARCHAR';
  const array = /^array\s*<(.+)>$/.exec(type);
  if (array !== null) return `${duckDbTypeOf(array[1] as string)}[]`;
  throw new QueryError(
    'UNSUPPORTED_TYPE',
    `Expected a Glue column type the local engine maps (${Object.keys(SCALARS).join(', ')}, decimal(p,s), varchar(n), char(n), array<...>) but received ${glueType}`,
  );
}
