/**
 * Each dataset's Glue table, kept in step with the files etl writes (AWS SDK for pandas'
 * `to_parquet(dataset=True, schema_evolution=True)` is the model). A declared dataset's table is
 * infra's: it must hold the declared columns with their contract types, or the file is rejected. A
 * schema-less dataset's table is made from its first file's columns; later files are read with its
 * types, and columns it lacks are appended, nullable. Appends are conditional on the table's
 * `VersionId` and redone on a conflict, so two files arriving at once both keep their columns. The
 * table records the types etl wrote (`etl.written_types`): a column whose type was edited by hand
 * away from them no longer describes the files, and the next file is rejected, naming both types.
 */
import {
  AlreadyExistsException,
  ConcurrentModificationException,
  CreateTableCommand,
  EntityNotFoundException,
  GetTableCommand,
  UpdateTableCommand,
  type GlueClient,
  type Table,
  type TableInput,
} from '@aws-sdk/client-glue';
import { TransientError } from '@pipeline/lambda-kit';
import {
  columnTypeOfGlue,
  curatedTableInput,
  glueTableName,
  glueTypeOf,
  type ColumnTypeSpec,
} from '@pipeline/dataset-contract';
import type { ColumnSpec, DatasetSpec } from './dataset-config.js';
import type { OutputColumn } from './engine/sql.js';
import { CatalogMismatchError } from './errors.js';

/** Where the tables live, and the first day their partition projection offers. */
export interface CatalogConfig {
  readonly database: string;
  readonly partitionsFrom: string;
}

/** A table column: its name and Glue type. */
export interface TableColumn {
  readonly name: string;
  readonly type: string;
}

/** What etl needs to keep one dataset's table. */
export interface DatasetCatalog {
  readonly glue: GlueClient;
  readonly config: CatalogConfig;
  readonly dataset: DatasetSpec;
  /** `s3://<bucket>/<curated prefix><dataset>/`. */
  readonly location: string;
}

/** The table parameter holding the types etl wrote, as JSON `{ column: glue type }`. */
export const WRITTEN_TYPES = 'etl.written_types';
/** Attempts at an append before the conflict is left to Lambda's retry. */
const APPEND_ATTEMPTS = 8;

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The table's columns and version as Glue has them now; undefined when there is no table. */
async function readTable(catalog: DatasetCatalog): Promise<Table | undefined> {
  try {
    const { Table: table } = await catalog.glue.send(
      new GetTableCommand({
        DatabaseName: catalog.config.database,
        Name: glueTableName(catalog.dataset.name),
      }),
    );
    return table;
  } catch (error) {
    if (error instanceof EntityNotFoundException) return undefined;
    throw error;
  }
}

function columnsOf(table: Table): TableColumn[] {
  return (table.StorageDescriptor?.Columns ?? []).map((c) => ({ name: c.Name ?? '', type: c.Type ?? '' }));
}

function writtenTypes(table: Table): Readonly<Record<string, string>> {
  try {
    return JSON.parse(table.Parameters?.[WRITTEN_TYPES] ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

/**
 * The contract type of each of the table's columns. A type etl cannot write, or one changed since
 * etl wrote the column, rejects the file: writing on would give files that disagree with the table.
 */
function checkedTypes(table: Table, dataset: DatasetSpec): Map<string, ColumnTypeSpec> {
  const written = writtenTypes(table);
  const types = new Map<string, ColumnTypeSpec>();
  for (const column of columnsOf(table)) {
    const type = columnTypeOfGlue(column.type);
    const filesType = written[column.name];
    if (type === undefined || (filesType !== undefined && glueTypeOf(type) !== filesType))
      throw new CatalogMismatchError(
        dataset.name,
        column.name,
        column.type,
        filesType ?? 'a type etl writes',
      );
    types.set(column.name, type);
  }
  return types;
}

/** A declared dataset's table must list its columns, in order, with their contract types. */
function checkDeclared(table: Table, dataset: DatasetSpec, schema: readonly ColumnSpec[]): void {
  const columns = columnsOf(table);
  schema.forEach((declared, i) => {
    const column = columns[i];
    const expected = glueTypeOf(declared);
    if (
      column === undefined ||
      !sameName(column.name, declared.name) ||
      column.type.toLowerCase() !== expected
    )
      throw new CatalogMismatchError(
        dataset.name,
        declared.name,
        column && sameName(column.name, declared.name) ? column.type : 'no such column at that position',
        expected,
      );
  });
  const extra = columns[schema.length];
  if (extra !== undefined)
    throw new CatalogMismatchError(dataset.name, extra.name, extra.type, 'no such column');
}

/**
 * The table's column types, checked, before a file is read: undefined when the dataset has no table
 * yet. A declared dataset's table must match its schema.
 *
 * @throws {CatalogMismatchError} when the table no longer describes what etl writes.
 */
export async function tableTypes(
  catalog: DatasetCatalog,
): Promise<ReadonlyMap<string, ColumnTypeSpec> | undefined> {
  const table = await readTable(catalog);
  if (table === undefined) return undefined;
  const { schema } = catalog.dataset;
  if (schema !== undefined) checkDeclared(table, catalog.dataset, schema);
  return checkedTypes(table, catalog.dataset);
}

function tableInput(catalog: DatasetCatalog, columns: readonly TableColumn[], base?: Table): TableInput {
  const input = curatedTableInput({
    name: glueTableName(catalog.dataset.name),
    location: catalog.location,
    columns,
    partitionsFrom: catalog.config.partitionsFrom,
  });
  const written = JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, c.type])));
  const storage = input.StorageDescriptor;
  return {
    Name: input.Name,
    // An existing table keeps its own settings (location, parameters someone added); columns are appended.
    TableType: base?.TableType ?? input.TableType,
    PartitionKeys: base?.PartitionKeys ?? input.PartitionKeys.map((key) => ({ ...key })),
    StorageDescriptor: {
      ...(base?.StorageDescriptor ?? {
        Location: storage.Location,
        InputFormat: storage.InputFormat,
        OutputFormat: storage.OutputFormat,
        SerdeInfo: { ...storage.SerdeInfo, Parameters: { ...storage.SerdeInfo.Parameters } },
      }),
      Columns: columns.map((column) => ({ Name: column.name, Type: column.type })),
    },
    Parameters: { ...input.Parameters, ...base?.Parameters, [WRITTEN_TYPES]: written },
  };
}

/** Waits a little longer after each conflict, with jitter, so two writers fall out of step. */
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, (10 + Math.random() * 40) * 2 ** attempt));

/** One step towards a table holding `wanted`: done (its columns), or changed (look again). */
async function appendStep(
  catalog: DatasetCatalog,
  wanted: readonly TableColumn[],
): Promise<TableColumn[] | undefined> {
  const { glue, config } = catalog;
  const table = await readTable(catalog);
  if (table === undefined) {
    await glue.send(
      new CreateTableCommand({ DatabaseName: config.database, TableInput: tableInput(catalog, wanted) }),
    );
    return undefined;
  }
  const types = checkedTypes(table, catalog.dataset);
  const columns = columnsOf(table);
  for (const column of wanted) {
    const existing = columns.find((c) => sameName(c.name, column.name));
    const type = existing && types.get(existing.name);
    if (type !== undefined && glueTypeOf(type) !== column.type)
      throw new CatalogMismatchError(catalog.dataset.name, column.name, existing!.type, column.type);
  }
  const missing = wanted.filter((column) => !columns.some((c) => sameName(c.name, column.name)));
  if (missing.length === 0) return columns;
  await glue.send(
    new UpdateTableCommand({
      DatabaseName: config.database,
      TableInput: tableInput(catalog, [...columns, ...missing], table),
      VersionId: table.VersionId,
    }),
  );
  return undefined;
}

/**
 * Makes the table hold `wanted` (a file's columns with the types it is written with), appending the
 * ones it lacks at the end, and returns the table's columns: what the file's outputs hold, in order.
 * Each append is conditional on the version read; a conflict (another file appending at the same
 * time) reads again and retries. Every change is read back before it counts, so an append lost to a
 * writer that does not check versions is made again.
 *
 * @throws {CatalogMismatchError} when the table holds one of the columns with another type.
 * @throws {TransientError} `CATALOG_CONTENDED` when conflicts outlast the attempts (Lambda retries).
 */
export async function keepColumns(
  catalog: DatasetCatalog,
  wanted: readonly TableColumn[],
): Promise<TableColumn[]> {
  for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt += 1) {
    try {
      const columns = await appendStep(catalog, wanted);
      if (columns !== undefined) return columns;
    } catch (error) {
      if (!(error instanceof ConcurrentModificationException || error instanceof AlreadyExistsException))
        throw error;
      await backoff(attempt);
    }
  }
  throw new TransientError(
    'CATALOG_CONTENDED',
    `The Glue table ${catalog.config.database}.${glueTableName(catalog.dataset.name)} changed under ${APPEND_ATTEMPTS} appends in a row`,
  );
}

/** A file's columns as the table takes them: each with the Glue type it is written as. */
export function wantedColumns(columns: readonly ColumnSpec[]): TableColumn[] {
  return columns.map((column) => ({ name: column.name, type: glueTypeOf(column) }));
}

/**
 * The outputs' columns for a file read with `columns`: the table's, in order, after keepColumns has
 * appended the file's new ones; a table column the file lacks is null in its rows.
 */
export async function outputColumns(
  catalog: DatasetCatalog,
  columns: readonly ColumnSpec[],
): Promise<OutputColumn[]> {
  const table = await keepColumns(catalog, wantedColumns(columns));
  return table.map((column) => {
    const type = columnTypeOfGlue(column.type);
    if (type === undefined)
      throw new CatalogMismatchError(catalog.dataset.name, column.name, column.type, 'a type etl writes');
    const source = columns.findIndex((c) => sameName(c.name, column.name));
    return { name: column.name, type, ...(source < 0 ? {} : { source }) };
  });
}
