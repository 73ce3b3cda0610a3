/**
 * The object catalog: one DynamoDB table per stack, one item per source object and pipeline
 * (partition key `sourceUri` = `s3://bucket/key`, sort key `pipeline`), written by each function's
 * skeleton from its outcome record. On-demand billing (traffic follows uploads), encrypted, a TTL
 * on `expiresAt` for the tombstones of removed sources, and a stream of new and old images: how a
 * consumer learns that an object's outputs are ready without polling. The key names are lambda-kit's
 * catalog contract (packages/lambda-kit/src/catalog-item.ts), repeated here because infra reads no app
 * or kit source.
 */
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table/index.js';
import { Construct } from 'constructs';
import type { CatalogConfig } from '../config/index.js';

/** The table's keys and TTL attribute, as lambda-kit's CATALOG_KEY and CATALOG_TTL_ATTRIBUTE name them. */
export const CATALOG_KEY_SCHEMA = {
  partition: 'sourceUri',
  sort: 'pipeline',
  ttl: 'expiresAt',
} as const;

export interface CatalogTableProps extends CatalogConfig {
  readonly tableName: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export class CatalogTable extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: CatalogTableProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, 'table', {
      name: props.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: CATALOG_KEY_SCHEMA.partition,
      rangeKey: CATALOG_KEY_SCHEMA.sort,
      attribute: [
        { name: CATALOG_KEY_SCHEMA.partition, type: 'S' },
        { name: CATALOG_KEY_SCHEMA.sort, type: 'S' },
      ],
      ttl: { attributeName: CATALOG_KEY_SCHEMA.ttl, enabled: true },
      streamEnabled: true,
      streamViewType: 'NEW_AND_OLD_IMAGES',
      pointInTimeRecovery: { enabled: props.pointInTimeRecovery },
      deletionProtectionEnabled: props.deletionProtection,
      // Enabled without a key ARN: the account's AWS managed key (aws/dynamodb); disabled: the AWS owned key.
      serverSideEncryption: { enabled: props.encryption === 'aws-managed' },
      tags: props.tags === undefined ? undefined : { ...props.tags },
    });
  }

  get name(): string {
    return this.table.name;
  }

  get arn(): string {
    return this.table.arn;
  }

  get streamArn(): string {
    return this.table.streamArn;
  }
}
