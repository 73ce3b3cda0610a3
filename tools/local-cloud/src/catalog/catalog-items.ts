/**
 * Reads the object catalog's items (lambda-kit's CatalogItem) of one source object: a Query on its
 * partition key with a consistent read, page by page, so a reader sees the latest write and never holds
 * more than one key's items. Shared by `pnpm status`, the smoke test and the local cloud's report checks.
 */
import { paginateQuery, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CATALOG_KEY,
  CATALOG_SCHEMA,
  catalogSourceUri,
  plainOf,
  type CatalogItem,
} from '@pipeline/lambda-kit';

/** A catalog item read back, or undefined when the record is not one (another schema in the table). */
export function catalogItemFrom(record: Readonly<Record<string, unknown>>): CatalogItem | undefined {
  if (record.schema !== CATALOG_SCHEMA) return undefined;
  if (typeof record[CATALOG_KEY.partition] !== 'string' || typeof record[CATALOG_KEY.sort] !== 'string')
    return undefined;
  if (typeof record.kind !== 'string' || typeof record.source !== 'object' || record.source === null)
    return undefined;
  const outputs: unknown[] = Array.isArray(record.outputs) ? record.outputs : [];
  const outputCount = typeof record.outputCount === 'number' ? record.outputCount : outputs.length;
  return { ...record, outputs, outputCount } as unknown as CatalogItem;
}

/** A catalog item as DynamoDB returns it (a Query's or a Scan's), or undefined when the record is not one. */
export function catalogItemOfAttributes(raw: Record<string, AttributeValue>): CatalogItem | undefined {
  return catalogItemFrom(plainOf({ M: raw }) as Record<string, unknown>);
}

/** Every item of `s3://bucket/key`, one per pipeline that saw it, ordered by pipeline. */
export async function catalogItems(
  dynamodb: DynamoDBClient,
  tableName: string,
  source: { readonly bucket: string; readonly key: string },
  /** Items a page at most (DynamoDB's own limit is 1 MB a page). */
  pageSize?: number,
): Promise<CatalogItem[]> {
  const pages = paginateQuery(
    { client: dynamodb, ...(pageSize === undefined ? {} : { pageSize }) },
    {
      TableName: tableName,
      KeyConditionExpression: '#uri = :uri',
      ExpressionAttributeNames: { '#uri': CATALOG_KEY.partition },
      ExpressionAttributeValues: { ':uri': { S: catalogSourceUri(source.bucket, source.key) } },
      ConsistentRead: true,
    },
  );
  const items: CatalogItem[] = [];
  for await (const page of pages)
    for (const raw of page.Items ?? []) {
      const item = catalogItemOfAttributes(raw);
      if (item !== undefined) items.push(item);
    }
  return items;
}
