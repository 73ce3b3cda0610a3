/**
 * Writes a catalog item, ordered as S3 orders events: one UpdateItem, conditional on the event's
 * sequencer, so an older version's outcome never overwrites a newer one's and a duplicate changes
 * nothing. The rules:
 * - a later sequencer (longer, or as long and lexicographically greater) replaces the item;
 * - the same sequencer replaces only a `failed` item (the retry of a failure); a final outcome
 *   (`written`, `rejected`, `skipped`, `superseded`, `removed`) stays as it is;
 * - an item stored without a sequencer is replaced by any event that has one;
 * - a record without a sequencer (S3 Batch Operations, reprocess) re-runs the key's current version
 *   (the version discipline checks it), so it replaces the item, and leaves the stored sequencer as
 *   it is so that later events still order against it.
 * Attributes the new item lacks are removed (a re-upload after a removal clears the TTL).
 */
import {
  ConditionalCheckFailedException,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { attributeOf, type Plain } from './catalog-attributes.js';
import { CATALOG_KEY, type CatalogItem } from './catalog-item.js';
import { classifyCatalogError } from './catalog-errors.js';
import type { CatalogWrite } from './outcome.js';

/** Attributes a write may leave out; they are removed when it does (the key attributes never are). */
const OPTIONAL_ATTRIBUTES = [
  'code',
  'message',
  'reason',
  'outputsTruncated',
  'manifest',
  'rows',
  'expiresAt',
  'removedCount',
] as const;
/** The order key: kept as stored by a write that has none. */
const ORDER_ATTRIBUTES = ['sequencer', 'sequencerLength'] as const;

/** The condition of a write with a sequencer (`:len`, `:seq` its order key). */
const ORDERED_CONDITION = [
  'attribute_not_exists(#pk)',
  'attribute_not_exists(#sequencerLength)',
  '#sequencerLength < :len',
  '(#sequencerLength = :len AND #sequencer < :seq)',
  '(#sequencerLength = :len AND #sequencer = :seq AND #kind = :failed)',
].join(' OR ');

interface UpdateParts {
  readonly UpdateExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues: Record<string, AttributeValue>;
  readonly ConditionExpression?: string;
}

/**
 * The UpdateItem expression that makes the stored item `item` (key attributes aside); with
 * `requireItem`, only an existing item is updated (a removal marks what was processed).
 */
export function updateParts(item: CatalogItem, requireItem = false): UpdateParts {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  const ordered = item.sequencer !== undefined;
  const record = item as unknown as Readonly<Record<string, Plain | undefined>>;
  for (const [name, value] of Object.entries(record)) {
    if (name === CATALOG_KEY.partition || name === CATALOG_KEY.sort || value === undefined) continue;
    names[`#${name}`] = name;
    values[`:${name}`] = attributeOf(value);
    sets.push(`#${name} = :${name}`);
  }
  for (const name of OPTIONAL_ATTRIBUTES)
    if (record[name] === undefined) {
      names[`#${name}`] = name;
      removes.push(`#${name}`);
    }
  if (!ordered) {
    if (requireItem) names['#pk'] = CATALOG_KEY.partition;
    return {
      UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ...(requireItem ? { ConditionExpression: 'attribute_exists(#pk)' } : {}),
    };
  }
  for (const name of ORDER_ATTRIBUTES) names[`#${name}`] = name;
  names['#pk'] = CATALOG_KEY.partition;
  names['#kind'] = 'kind';
  values[':len'] = attributeOf(item.sequencerLength ?? 0);
  values[':seq'] = attributeOf(item.sequencer ?? '');
  values[':failed'] = attributeOf('failed');
  return {
    UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ConditionExpression: requireItem ? `attribute_exists(#pk) AND (${ORDERED_CONDITION})` : ORDERED_CONDITION,
  };
}

function isConditionRefusal(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
}

/** What a write did: `absent` when `requireItem` found no item to update. */
export type CatalogWriteResult = CatalogWrite | 'absent';

/**
 * Writes `item` to `table` unless the stored item is of a later event (or the same final outcome);
 * with `requireItem`, only over an existing item. Needs `dynamodb:UpdateItem` on the table.
 *
 * @returns `written`; `unchanged` when the condition kept the stored item; `absent` when `requireItem` found none.
 * @throws {TransientError} anything else (`ACCESS_DENIED`, `CATALOG_THROTTLED`, ...): the object fails, retried.
 * @example await writeCatalogItem(dynamodb, 'pipeline-dev-catalog', catalogItemOf(outcome, { object, now }));
 */
export async function writeCatalogItem(
  client: DynamoDBClient,
  table: string,
  item: CatalogItem,
  { requireItem = false }: { readonly requireItem?: boolean } = {},
): Promise<CatalogWriteResult> {
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: {
          [CATALOG_KEY.partition]: { S: item.sourceUri },
          [CATALOG_KEY.sort]: { S: item.pipeline },
        },
        ...updateParts(item, requireItem),
        // On a refusal, the stored item (if any) tells "a later event's" from "none" apart.
        ReturnValuesOnConditionCheckFailure: requireItem ? 'ALL_OLD' : 'NONE',
      }),
    );
    return 'written';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || isConditionRefusal(error))
      return requireItem && (error as { Item?: unknown }).Item === undefined ? 'absent' : 'unchanged';
    throw classifyCatalogError(error, `UpdateItem ${table} ${item.sourceUri} (${item.pipeline})`);
  }
}
