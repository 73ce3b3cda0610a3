/** The curated datasets as the Glue Data Catalog describes them: one table each, read with GetTables. */
import { GetTablesCommand, type GlueClient, type Table } from '@aws-sdk/client-glue';
import { DeploymentReadError } from '../errors.js';

interface TableColumn {
  readonly name: string;
  /** The Glue (Hive) type: `bigint`, `decimal(12,2)`, ... */
  readonly type: string;
}

export interface DatasetTable {
  readonly name: string;
  /** `s3://bucket/curated/<dataset>/` */
  readonly location: string;
  readonly columns: readonly TableColumn[];
  /** Hive partition columns (`ingest_date`), read from the folder names. */
  readonly partitionKeys: readonly TableColumn[];
}

function columnsOf(columns: Table['PartitionKeys'], table: string): TableColumn[] {
  return (columns ?? []).map((c) => {
    if (c.Name === undefined || c.Type === undefined)
      throw new DeploymentReadError(`the Glue table ${table} has a column without a name or type`);
    return { name: c.Name, type: c.Type };
  });
}

function datasetTable(table: Table): DatasetTable {
  const name = table.Name ?? '';
  const location = table.StorageDescriptor?.Location;
  if (location === undefined) throw new DeploymentReadError(`the Glue table ${name} has no location`);
  return {
    name,
    location,
    columns: columnsOf(table.StorageDescriptor?.Columns, name),
    partitionKeys: columnsOf(table.PartitionKeys, name),
  };
}

/** Every table of `database`, by name. */
export async function datasetTables(glue: GlueClient, database: string): Promise<Map<string, DatasetTable>> {
  const tables = new Map<string, DatasetTable>();
  let NextToken: string | undefined;
  do {
    const page = await glue
      .send(new GetTablesCommand({ DatabaseName: database, NextToken }))
      .catch((error: { name?: string }) => {
        if (error.name === 'EntityNotFoundException')
          throw new DeploymentReadError(`there is no Glue database ${database}: is the stack deployed?`);
        throw error;
      });
    for (const table of page.TableList ?? []) tables.set(table.Name ?? '', datasetTable(table));
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return tables;
}

/** `s3://bucket/a/b/` as its bucket and key prefix (with a trailing slash). */
export function s3Location(location: string): { readonly bucket: string; readonly prefix: string } {
  const match = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (match === null)
    throw new DeploymentReadError(`Expected an s3:// table location but received ${location}`);
  const prefix = match[2] ?? '';
  return {
    bucket: match[1] as string,
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
  };
}
