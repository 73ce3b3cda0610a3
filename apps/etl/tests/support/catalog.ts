/**
 * The files against the table: each Parquet file's schema as DuckDB reads it back (not assumed),
 * in Glue's type names, next to the dataset's Glue table as the emulator holds it.
 */
import { DeleteTableCommand, EntityNotFoundException, GetTableCommand } from '@aws-sdk/client-glue';
import { readBody } from '@pipeline/testing';
import { glueTableName } from '@pipeline/dataset-contract';
import { readParquet } from './duckdb.js';
import { testGlueClient, type EtlHarness } from './harness.js';
import { listKeys } from './s3.js';

export interface GlueColumn {
  readonly name: string;
  readonly type: string;
}

/** DuckDB's name of a Parquet column type, as the Glue type it is. */
function glueTypeOfDuckDb(type: string): string {
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(type);
  if (decimal) return `decimal(${decimal[1]},${decimal[2]})`;
  const types: Record<string, string> = {
    BIGINT: 'bigint',
    VARCHAR: 'string',
    DOUBLE: 'double',
    BOOLEAN: 'boolean',
    DATE: 'date',
    'TIMESTAMP WITH TIME ZONE': 'timestamp',
  };
  return types[type] ?? `unexpected ${type}`;
}

/** A Parquet file's columns, in order, with their Glue types. */
export async function parquetColumns(bytes: Buffer): Promise<GlueColumn[]> {
  const { types } = await readParquet(bytes, { limit: 0 });
  return Object.entries(types).map(([name, type]) => ({ name, type: glueTypeOfDuckDb(type) }));
}

/** The dataset's table as Glue has it: columns, partition keys, parameters. */
export async function glueTable(database: string, dataset: string) {
  const { Table } = await testGlueClient().send(
    new GetTableCommand({ DatabaseName: database, Name: glueTableName(dataset) }),
  );
  return {
    columns: (Table?.StorageDescriptor?.Columns ?? []).map((c) => ({
      name: c.Name ?? '',
      type: c.Type ?? '',
    })),
    partitionKeys: Table?.PartitionKeys ?? [],
    parameters: Table?.Parameters ?? {},
    versionId: Table?.VersionId,
  };
}

/** Every Parquet file etl wrote for `dataset` in the harness's destination, with its columns. */
export async function parquetFilesOf(
  h: EtlHarness,
  dataset: string,
): Promise<{ key: string; columns: GlueColumn[] }[]> {
  const keys = (await listKeys(h.s3, h.destination)).filter(
    (key) => key.startsWith(`${h.config.curatedPrefix}${dataset}/`) && key.endsWith('.parquet'),
  );
  return Promise.all(
    keys.map(async (key) => ({
      key,
      columns: await parquetColumns(await readBody(h.s3, h.destination, key)),
    })),
  );
}

/**
 * Files and table agree: every Parquet file of the dataset holds the table's first columns, same
 * names, order and types (a file written before a column was appended lacks that column only,
 * which Athena reads as null).
 */
export async function expectFilesAgreeWithTable(h: EtlHarness, dataset: string): Promise<number> {
  const table = await glueTable(h.database, dataset);
  const files = await parquetFilesOf(h, dataset);
  for (const file of files)
    expect({ key: file.key, columns: table.columns.slice(0, file.columns.length) }).toEqual(file);
  return files.length;
}

/** Drops the dataset's table (as an administrator), so the next file is the first of the dataset again. */
export async function dropTable(database: string, dataset: string): Promise<void> {
  await testGlueClient()
    .send(new DeleteTableCommand({ DatabaseName: database, Name: glueTableName(dataset) }))
    .catch((error: unknown) => {
      if (!(error instanceof EntityNotFoundException)) throw error;
    });
}
