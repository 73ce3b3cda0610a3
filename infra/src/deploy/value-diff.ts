/**
 * Differences between two planned values, path by path, leaving out what terraform knows only after
 * apply (`after_unknown`) and printing sensitive values (`after_sensitive`) as "(sensitive)".
 */
import { isRecord, type JsonValue } from './plan-json.js';

export interface ValueDifference {
  /** Dotted path inside the resource, e.g. `environment[0].variables.NODE_OPTIONS`. */
  readonly path: string;
  readonly reviewed: string;
  readonly planned: string;
}

/** One side: its planned value and the masks that mirror it. */
export interface MaskedValue {
  readonly value: JsonValue | undefined;
  readonly unknown: JsonValue | undefined;
  readonly sensitive: JsonValue | undefined;
}

export function diffValues(reviewed: MaskedValue, planned: MaskedValue, path = ''): ValueDifference[] {
  if (reviewed.unknown === true || planned.unknown === true) return [];
  const a = reviewed.value;
  const b = planned.value;
  if (isRecord(a) && isRecord(b))
    return diffKeys([...new Set([...Object.keys(a), ...Object.keys(b)])], reviewed, planned, (key) =>
      path === '' ? key : `${path}.${key}`,
    );
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length)
    return diffKeys(
      a.map((_, index) => index),
      reviewed,
      planned,
      (index) => `${path}[${index}]`,
    );
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  return [{ path: path === '' ? '(whole value)' : path, reviewed: show(reviewed), planned: show(planned) }];
}

function diffKeys<K extends string | number>(
  keys: readonly K[],
  reviewed: MaskedValue,
  planned: MaskedValue,
  childPath: (key: K) => string,
): ValueDifference[] {
  return keys.flatMap((key) => diffValues(child(reviewed, key), child(planned, key), childPath(key)));
}

/** The value at `key` with the masks narrowed alongside (a `true`/`false` mask covers every child). */
function child(side: MaskedValue, key: string | number): MaskedValue {
  return {
    value: at(side.value, key),
    unknown: maskAt(side.unknown, key),
    sensitive: maskAt(side.sensitive, key),
  };
}

function at(value: JsonValue | undefined, key: string | number): JsonValue | undefined {
  if (typeof key === 'number') return Array.isArray(value) ? (value as readonly JsonValue[])[key] : undefined;
  return isRecord(value) ? value[key] : undefined;
}

function maskAt(mask: JsonValue | undefined, key: string | number): JsonValue | undefined {
  return typeof mask === 'boolean' ? mask : at(mask, key);
}

function show(side: MaskedValue): string {
  if (side.sensitive === true) return '(sensitive)';
  if (side.value === undefined) return '(absent)';
  return JSON.stringify(side.value);
}
