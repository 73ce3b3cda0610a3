/** Glue (Hive) column types as DuckDB types: the local views read the Parquet as Athena reads the table. */
import { glueTypeOf } from '@pipeline/dataset-contract';
import { duckDbTypeOf } from '../../src/query/glue-types.js';
import { QueryError } from '../../src/query/query-errors.js';

describe('duckDbTypeOf', () => {
  it.each([
    ['string', 'VARCHAR'],
    ['bigint', 'BIGINT'],
    ['int', 'INTEGER'],
    ['integer', 'INTEGER'],
    ['smallint', 'SMALLINT'],
    ['tinyint', 'TINYINT'],
    ['double', 'DOUBLE'],
    ['float', 'FLOAT'],
    ['boolean', 'BOOLEAN'],
    ['date', 'DATE'],
    ['timestamp', 'TIMESTAMP'],
    ['binary', 'BLOB'],
    ['decimal(12,2)', 'DECIMAL(12,2)'],
    ['DECIMAL( 38 , 0 )', 'DECIMAL(38,0)'],
    ['decimal', 'DECIMAL(10,0)'],
    ['varchar(20)', 'VARCHAR'],
    ['char(3)', 'VARCHAR'],
    ['array<bigint>', 'BIGINT[]'],
    ['array<array<string>>', 'VARCHAR[][]'],
  ])('%s -> %s', (glue, duck) => {
    expect(duckDbTypeOf(glue)).toBe(duck);
  });

  it("maps every type the dataset contract writes to Glue (etl's column types)", () => {
    const contract = [
      { type: 'string' },
      { type: 'int' },
      { type: 'float' },
      { type: 'bool' },
      { type: 'date' },
      { type: 'timestamp' },
      { type: 'decimal', precision: 12, scale: 2 },
    ] as const;
    expect(contract.map((c) => duckDbTypeOf(glueTypeOf(c)))).toEqual([
      'VARCHAR',
      'BIGINT',
      'DOUBLE',
      'BOOLEAN',
      'DATE',
      'TIMESTAMP',
      'DECIMAL(12,2)',
    ]);
  });

  it.each(['map<string,string>', 'struct<a:int>', 'uniontype<int,string>', 'interval'])(
    'refuses %s in the repo message shape',
    (glue) => {
      expect(() => duckDbTypeOf(glue)).toThrow(QueryError);
      expect(() => duckDbTypeOf(glue)).toThrow(
        /^Expected a Glue column type the local engine maps .* but received /,
      );
    },
  );
});
