/**
 * What a write of an object catalog item costs in DynamoDB write request units: its size by DynamoDB's
 * rules (attribute names and values in UTF-8, numbers by their significant digits, 3 bytes and 1 per
 * element for a map or list), rounded up to whole kilobytes. A conditional write the condition refuses
 * costs the same units (AWS bills it as a write).
 */

const KB = 1024;

function utf8(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** A number's size: about one byte per two significant digits, plus one. */
function numberBytes(value: number): number {
  const digits = Math.abs(value).toExponential().replace(/e.*$/, '').replace(/[.-]/g, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** The size of one attribute value, as DynamoDB counts it. */
export function valueBytes(value: unknown): number {
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number') return numberBytes(value);
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.length;
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + valueBytes(v), 0);
  if (typeof value === 'object')
    return (
      3 +
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .reduce((sum, [name, v]) => sum + 1 + utf8(name) + valueBytes(v), 0)
    );
  return 0;
}

/** An item's size: every top-level attribute's name and value. */
export function itemBytes(item: object): number {
  return Object.entries(item)
    .filter(([, v]) => v !== undefined)
    .reduce((sum, [name, v]) => sum + utf8(name) + valueBytes(v), 0);
}

/** Write request units of one standard write of `item` (1 per started KB). */
export function writeUnits(item: object): number {
  return Math.max(1, Math.ceil(itemBytes(item) / KB));
}
