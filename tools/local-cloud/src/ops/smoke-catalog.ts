/**
 * The smoke test's outcomes from the object catalog: the item of the input's key and pipeline, read
 * with a consistent Query, once it describes the version the smoke test uploaded.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CatalogItem } from '@pipeline/lambda-kit';
import { catalogItems } from '../catalog/catalog-items.js';
import type { SmokeOutcome } from './smoke-checks.js';
import type { FindOutcome, OutcomeQuery } from './smoke-wait.js';

/** An item as the smoke checks read an outcome: its outputs, and etl's rows as the record's measures. */
function outcomeOfItem(item: CatalogItem): SmokeOutcome {
  return {
    kind: item.kind,
    written: item.outputs.map((o) => ({
      bucket: o.bucket,
      key: o.key,
      bytes: o.bytes,
      ...(o.versionId === undefined ? {} : { versionId: o.versionId }),
    })),
    ...(item.rows === undefined
      ? {}
      : {
          measures: {
            rowsRead: item.rows.read,
            rowsWritten: item.rows.written,
            rowsRejected: item.rows.rejected,
          },
        }),
    ...(item.code === undefined ? {} : { code: item.code }),
  };
}

/** The input's item, whatever version it describes (undefined when there is none). */
export async function catalogItemOf(
  dynamodb: DynamoDBClient,
  tableName: string,
  query: OutcomeQuery,
): Promise<CatalogItem | undefined> {
  return (await catalogItems(dynamodb, tableName, query)).find((i) => i.pipeline === query.pipeline);
}

export function catalogOutcomes(dynamodb: DynamoDBClient, tableName: string): FindOutcome {
  return async (query) => {
    const item = await catalogItemOf(dynamodb, tableName, query);
    if (item === undefined) return undefined;
    if (query.versionId !== undefined && item.source.versionId !== query.versionId) return undefined;
    return item.kind === 'removed' ? undefined : outcomeOfItem(item);
  };
}
