/**
 * The Glue Data Catalog of the curated datasets: one database per environment, and a table for each
 * dataset declared at synth, in the contract's one table shape (external Parquet, `ingest_date`
 * partitions by projection). The ARNs a role needs to keep tables there come from here too.
 */
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition/index.js';
import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database/index.js';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table/index.js';
import { curatedTableInput, type CuratedTableInput } from '@pipeline/dataset-contract';
import { Construct } from 'constructs';
import type { GlueTable } from '../pipelines/kit/define.js';

export interface CuratedCatalogProps {
  readonly databaseName: string;
  readonly region: string;
  readonly accountId: string;
  /** The tables declared at synth, each with its location (`s3://<bucket>/<prefix>/<folder>/`). */
  readonly tables: readonly (GlueTable & { readonly location: string })[];
  /** The first day partition projection offers (yyyy-MM-dd). */
  readonly partitionsFrom: string;
}

export class CuratedCatalog extends Construct {
  readonly database: GlueCatalogDatabase;
  readonly tables: readonly GlueCatalogTable[];
  /** `arn:<partition>:glue:<region>:<account>:catalog`: every Glue table call is also authorized on it. */
  readonly catalogArn: string;
  /**
   * `database/<database>`, built like the others rather than read from the database resource: the
   * provider builds that one with the account it was told, none against an emulator.
   */
  readonly databaseArn: string;
  /** Every table of the database: `table/<database>/*`. */
  readonly tablesArn: string;

  constructor(scope: Construct, id: string, props: CuratedCatalogProps) {
    super(scope, id);
    const partition = new DataAwsPartition(this, 'partition').partition;
    const glue = `arn:${partition}:glue:${props.region}:${props.accountId}`;
    this.catalogArn = `${glue}:catalog`;
    this.databaseArn = `${glue}:database/${props.databaseName}`;
    this.tablesArn = `${glue}:table/${props.databaseName}/*`;
    this.database = new GlueCatalogDatabase(this, 'database', {
      name: props.databaseName,
      description: 'Curated datasets written by the etl pipeline (Parquet, partitioned by ingest_date)',
    });
    this.tables = props.tables.map(
      (table) =>
        new GlueCatalogTable(this, `table-${table.folder}`, {
          databaseName: this.database.name,
          ...tableProps(
            curatedTableInput({
              name: table.name,
              location: table.location,
              columns: table.columns,
              partitionsFrom: props.partitionsFrom,
            }),
          ),
        }),
    );
  }
}

/**
 * The contract's TableInput as the table resource's arguments. The location template's `${ingest_date}`
 * is Athena's placeholder, escaped as `$${` so terraform does not read it as an interpolation.
 */
function tableProps(input: CuratedTableInput) {
  const { StorageDescriptor: storage } = input;
  return {
    name: input.Name,
    tableType: input.TableType,
    parameters: Object.fromEntries(
      Object.entries(input.Parameters).map(([key, value]) => [
        key,
        key === 'storage.location.template'
          ? value.replace(/\$\{(\w+)\}\/$/, (_, name: string) => `$$\{${name}}/`)
          : value,
      ]),
    ),
    partitionKeys: input.PartitionKeys.map((key) => ({ name: key.Name, type: key.Type })),
    storageDescriptor: {
      location: storage.Location,
      inputFormat: storage.InputFormat,
      outputFormat: storage.OutputFormat,
      serDeInfo: {
        serializationLibrary: storage.SerdeInfo.SerializationLibrary,
        parameters: { ...storage.SerdeInfo.Parameters },
      },
      columns: storage.Columns.map((column) => ({ name: column.Name, type: column.Type })),
    },
  };
}
