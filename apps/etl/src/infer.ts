/**
 * Type inference for datasets without a schema: each column takes the first type, in the order
 * int, float, date, timestamp, bool, that every non-null sampled value parses to under the
 * `inferred` rules (convert.ts: only text the type keeps exactly), else string. The conversion of
 * the whole file applies the same rules, so later rows that do not fit are quarantined like any
 * bad value rather than changed.
 */
import { converterFor, INVALID } from './convert.js';
import type { ColumnSpec, ColumnType } from './dataset-config.js';

const CANDIDATES: readonly Exclude<ColumnType, 'decimal' | 'string'>[] = [
  'int',
  'float',
  'date',
  'timestamp',
  'bool',
];

function inferType(values: readonly string[]): ColumnType {
  if (values.length === 0) return 'string';
  for (const type of CANDIDATES) {
    const convert = converterFor({ name: 'x', type, required: false }, 'inferred');
    if (values.every((value) => convert(value) !== INVALID)) return type;
  }
  return 'string';
}

/** Column specs for `names`, inferred from sample rows of the right width. */
export function inferColumns(
  names: readonly string[],
  sample: readonly (readonly string[])[],
  nullMarkers: ReadonlySet<string>,
): ColumnSpec[] {
  return names.map((name, i) => {
    const values = sample
      .filter((row) => row.length === names.length)
      .map((row) => row[i] as string)
      .filter((value) => !nullMarkers.has(value));
    return { name, type: inferType(values), required: false };
  });
}

/** Column names from a header record: blanks become `column_<n>`, repeats get a `_<n>` suffix. */
export function headerNames(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, i) => {
    const base = raw.trim() === '' ? `column_${i + 1}` : raw.trim();
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}_${count}`;
  });
}
