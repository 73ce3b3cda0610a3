/**
 * Plain values as DynamoDB attribute values (strings, numbers, booleans, lists and maps: all a
 * catalog item holds). A few lines instead of another package in every zip.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** A value an item may hold; `undefined` members of maps are left out. */
export type Plain =
  string | number | boolean | readonly Plain[] | { readonly [key: string]: Plain | undefined };

/**
 * @example attributeOf({ key: 'a.jpg', bytes: 12 }) // { M: { key: { S: 'a.jpg' }, bytes: { N: '12' } } }
 */
export function attributeOf(value: Plain): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: (value as readonly Plain[]).map(attributeOf) };
  const entries = Object.entries(value as { readonly [key: string]: Plain | undefined });
  return {
    M: Object.fromEntries(
      entries.filter(([, v]) => v !== undefined).map(([k, v]) => [k, attributeOf(v as Plain)]),
    ),
  };
}

/**
 * The plain value of an attribute (the inverse of {@link attributeOf}), for readers of the table.
 *
 * @example plainOf({ N: '12' }) // 12
 */
export function plainOf(attribute: AttributeValue): Plain | undefined {
  if (attribute.S !== undefined) return attribute.S;
  if (attribute.N !== undefined) return Number(attribute.N);
  if (attribute.BOOL !== undefined) return attribute.BOOL;
  if (attribute.L !== undefined) return attribute.L.map((a) => plainOf(a) ?? '');
  if (attribute.M !== undefined)
    return Object.fromEntries(Object.entries(attribute.M).map(([k, a]) => [k, plainOf(a)]));
  return undefined;
}
