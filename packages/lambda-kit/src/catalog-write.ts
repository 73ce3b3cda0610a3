/**
 * Writes a catalog item, ordered as S3 orders events: one conditional write on the event's sequencer,
 * so an older version's outcome never overwrites a newer one's and a duplicate changes nothing. The rules:
 * - a later sequencer (longer, or as long and lexicographically greater) replaces the item;
 * - the same sequencer replaces only a `failed` item (the retry of a failure); a final outcome
 *   (`written`, `rejected`, `skipped`, `superseded`, `removed`) stays as it is;
 * - an item stored without a sequencer is replaced by any event that has one;
 * - a record without a sequencer (S3 Batch Operations, reprocess) re-runs the key's current version
 *   (the version discipline checks it), so it replaces the item, and leaves the stored sequencer as
 *   it is so that later events still order against it.
 * Attributes the new item lacks are gone afterwards (a re-upload after a removal clears the TTL).
 *
 * An event with a sequencer (every S3 event) is one PutItem of the whole item: it replaces what is
 * stored, which is what the rules ask. It costs the same write units as an UpdateItem; the emulator
 * evaluates an update expression of a dozen attributes at about five times a put's cost, which was
 * most of what the catalog added to `pnpm soak` (docs/performance.md). A record without one is one
 * UpdateItem, the only write that can keep the stored sequencer without reading it first.
 */
import {
  ConditionalCheckFailedException,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { attributeOf, type Plain } from './catalog-attributes.js';
import { CATALOG_KEY, type CatalogItem } from './catalog-item.js';
import { classifyCatalogError } from './catalog-errors.js';
import type { CatalogWrite } from './outcome.js';

/** Attributes a write may leave out; an update removes them when it does (the key attributes never are). */
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

/** The condition a write sends, with the names and values it uses. */
interface ConditionParts {
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, AttributeValue>;
  readonly ConditionExpression?: string;
}

/** The PutItem of an item with a sequencer: the whole item, on the order condition. */
export interface PutParts extends ConditionParts {
  readonly Item: Record<string, AttributeValue>;
  readonly ConditionExpression: string;
}

/** The UpdateItem of an item without a sequencer: its attributes set, the rest removed, the order kept. */
export interface UpdateParts extends ConditionParts {
  readonly Key: Record<string, AttributeValue>;
  readonly UpdateExpression: string;
  readonly ExpressionAttributeValues: Record<string, AttributeValue>;
}

const asRecord = (item: CatalogItem) => item as unknown as Readonly<Record<string, Plain | undefined>>;

/**
 * The PutItem that makes the stored item `item`, unless the stored one is of a later event (or the
 * same final outcome); with `requireItem`, only over an existing item (a removal marks what was processed).
 */
export function putParts(item: CatalogItem, requireItem = false): PutParts {
  if (item.sequencer === undefined) throw new TypeError('a catalog put needs the event sequencer');
  const whole = attributeOf(asRecord(item)) as { M: Record<string, AttributeValue> };
  return {
    Item: whole.M,
    ExpressionAttributeNames: {
      '#pk': CATALOG_KEY.partition,
      '#sequencer': 'sequencer',
      '#sequencerLength': 'sequencerLength',
      '#kind': 'kind',
    },
    ExpressionAttributeValues: {
      ':len': attributeOf(item.sequencerLength ?? item.sequencer.length),
      ':seq': attributeOf(item.sequencer),
      ':failed': attributeOf('failed'),
    },
    ConditionExpression: requireItem ? `attribute_exists(#pk) AND (${ORDERED_CONDITION})` : ORDERED_CONDITION,
  };
}

/**
 * The UpdateItem that makes the stored item `item` (a record without a sequencer), leaving the
 * stored order key as it is; with `requireItem`, only an existing item is updated.
 */
export function updateParts(item: CatalogItem, requireItem = false): UpdateParts {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  const record = asRecord(item);
  for (const [name, value] of Object.entries(record)) {
    if (name === CATALOG_KEY.partition || name === CATALOG_KEY.sort || value === undefined) continue;
    if ((ORDER_ATTRIBUTES as readonly string[]).includes(name)) continue;
    names[`#${name}`] = name;
    values[`:${name}`] = attributeOf(value);
    sets.push(`#${name} = :${name}`);
  }
  for (const name of OPTIONAL_ATTRIBUTES)
    if (record[name] === undefined) {
      names[`#${name}`] = name;
      removes.push(`#${name}`);
    }
  if (requireItem) names['#pk'] = CATALOG_KEY.partition;
  return {
    Key: {
      [CATALOG_KEY.partition]: { S: item.sourceUri },
      [CATALOG_KEY.sort]: { S: item.pipeline },
    },
    UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...(requireItem ? { ConditionExpression: 'attribute_exists(#pk)' } : {}),
  };
}

function isConditionRefusal(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
}

/** What a write did: `absent` when `requireItem` found no item to update. */
export type CatalogWriteResult = CatalogWrite | 'absent';

/**
 * Writes `item` to `table` unless the stored item is of a later event (or the same final outcome);
 * with `requireItem`, only over an existing item. Needs `dynamodb:PutItem` on the table, and
 * `dynamodb:UpdateItem` for a record without a sequencer.
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
  // On a refusal, the stored item (if any) tells "a later event's" from "none" apart.
  const onRefusal = requireItem ? 'ALL_OLD' : 'NONE';
  const ordered = item.sequencer !== undefined;
  try {
    if (ordered)
      await client.send(
        new PutItemCommand({
          TableName: table,
          ...putParts(item, requireItem),
          ReturnValuesOnConditionCheckFailure: onRefusal,
        }),
      );
    else
      await client.send(
        new UpdateItemCommand({
          TableName: table,
          ...updateParts(item, requireItem),
          ReturnValuesOnConditionCheckFailure: onRefusal,
        }),
      );
    return 'written';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || isConditionRefusal(error))
      return requireItem && (error as { Item?: unknown }).Item === undefined ? 'absent' : 'unchanged';
    const call = ordered ? 'PutItem' : 'UpdateItem';
    throw classifyCatalogError(error, `${call} ${table} ${item.sourceUri} (${item.pipeline})`);
  }
}
