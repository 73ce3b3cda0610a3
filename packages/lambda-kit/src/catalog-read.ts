/**
 * Reads a catalog item back: for readers of the table (tests, `pnpm status`, the local cloud's
 * checks), with credentials of their own (the functions' roles may only update items).
 */
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { plainOf } from './catalog-attributes.js';
import { CATALOG_KEY, catalogSourceUri, type CatalogItem } from './catalog-item.js';

/**
 * The item of `s3://bucket/key` for `pipeline`, or undefined when there is none. Read strongly
 * consistent, so a test sees the write the handler just made.
 *
 * @example const item = await readCatalogItem(dynamodb, 'pipeline-local-catalog', 'ingest', 'uploads/a.jpg', 'resize');
 */
export async function readCatalogItem(
  client: DynamoDBClient,
  table: string,
  bucket: string,
  key: string,
  pipeline: string,
): Promise<CatalogItem | undefined> {
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: table,
      Key: {
        [CATALOG_KEY.partition]: { S: catalogSourceUri(bucket, key) },
        [CATALOG_KEY.sort]: { S: pipeline },
      },
      ConsistentRead: true,
    }),
  );
  return Item === undefined ? undefined : (plainOf({ M: Item }) as unknown as CatalogItem);
}
