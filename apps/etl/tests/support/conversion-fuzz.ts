/**
 * Checks that the engine's conversions (the fast paths in sql.ts) decide exactly what the regex
 * rules decide, on random strings built from the characters that matter plus valid values mutated.
 * Used by a unit test and by `bench/conversion-equivalence.ts` (more values).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { ColumnSpec } from '../../src/dataset-config.js';
import {
  conversion,
  DATE,
  decimalPattern,
  FLOAT,
  hour24,
  INT,
  literal,
  TIMESTAMP,
} from '../../src/engine/sql.js';

const ALPHABET = '0123456789+-.:eETZ _x/\t,é٣YNyn';
const SEEDS = [
  '12',
  '-7',
  '+007',
  '9223372036854775807',
  '00000000000000000001',
  '1.5',
  '-.5',
  '5.',
  '1e3',
  '12.34',
  '-13804.17',
  '.25',
  '2024-02-29',
  '0001-01-01',
  '2024-02-02 01:01:07',
  '2024-01-01T02:00:00+02:00',
  '2024-01-01T00:00:00.000001Z',
  '2024-01-01 10:00',
  '2024-01-01T10:00:00-0530',
  // The print-back and UTC fast paths: canonical forms, near misses, and invalid calendars.
  '-0',
  '0.00',
  '-0.00',
  '1.50',
  '2024-02-02 01:01:07Z',
  '2024-02-30 01:01:07',
  '2024-01-01 24:00:00',
  '1969-12-31T23:59:59',
  // Where the inferred rules keep text: leading zeros, signs, flags, long digit strings.
  '08123',
  '0',
  '0.5',
  '00.5',
  '+1',
  'Y',
  'n',
  'TRUE',
  'false',
  'yes',
  '1e5',
  '12345678901234567',
  '1234567890.12345',
  '123456789012345.6',
];

/** The rules as they were: one regex, then the cast. */
function reference(column: ColumnSpec, raw: string): string {
  const re = (pattern: string, cast: string) =>
    `CASE WHEN regexp_full_match(${raw}, ${literal(pattern)}) THEN ${cast} END`;
  if (column.type === 'int') return re(INT, `TRY_CAST(${raw} AS BIGINT)`);
  if (column.type === 'date') return re(DATE, `TRY_CAST(${raw} AS DATE)`);
  if (column.type === 'timestamp')
    return `CASE WHEN ${hour24(raw)} THEN NULL ELSE ${re(TIMESTAMP, `TRY_CAST(${raw} AS TIMESTAMPTZ)`)} END`;
  if (column.type === 'decimal')
    return re(
      decimalPattern(column.scale ?? 0),
      `TRY_CAST(${raw} AS DECIMAL(${column.precision ?? 18},${column.scale ?? 0}))`,
    );
  if (column.type === 'float')
    return `CASE WHEN regexp_full_match(${raw}, ${literal(FLOAT)}) AND isfinite(TRY_CAST(${raw} AS DOUBLE)) THEN TRY_CAST(${raw} AS DOUBLE) END`;
  return conversion(column, raw);
}

export function randomValues(random: () => number, count: number): string[] {
  const pick = (text: string) => text[Math.floor(random() * text.length)] ?? '';
  const values = [...SEEDS];
  for (let i = 0; i < count; i += 1) {
    const chars = [...(SEEDS[Math.floor(random() * SEEDS.length)] ?? '')];
    for (let edits = Math.floor(random() * 3); edits > 0; edits -= 1)
      chars.splice(Math.floor(random() * (chars.length + 1)), random() < 0.5 ? 1 : 0, pick(ALPHABET));
    values.push(
      random() < 0.3
        ? Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(ALPHABET)).join('')
        : chars.join(''),
    );
  }
  return values;
}

const FUZZED_COLUMNS: readonly ColumnSpec[] = [
  { name: 'i', type: 'int', required: false },
  { name: 'f', type: 'float', required: false },
  { name: 'd', type: 'date', required: false },
  { name: 't', type: 'timestamp', required: false },
  { name: 'd0', type: 'decimal', precision: 18, scale: 0, required: false },
  { name: 'd2', type: 'decimal', precision: 12, scale: 2, required: false },
  { name: 'd6', type: 'decimal', precision: 18, scale: 6, required: false },
];

/** mulberry32: the same values every run. */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export interface ColumnVerdict {
  readonly column: ColumnSpec;
  readonly values: number;
  readonly accepted: number;
  /** `[value, by the rule, by the engine]` for every value they decide differently. */
  readonly differences: unknown[][];
}

/** Converts `count` fuzzed values (plus the seeds) both ways in DuckDB, per column type. */
export async function fuzzConversions(count: number, seed = 7): Promise<ColumnVerdict[]> {
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await db.connect();
  try {
    await connection.run(`SET TimeZone = 'UTC'; CREATE TABLE s(v VARCHAR)`);
    const appender = await connection.createAppender('s');
    for (const value of new Set(randomValues(seeded(seed), count))) {
      appender.appendVarchar(value);
      appender.endRow();
    }
    appender.closeSync();
    const verdicts: ColumnVerdict[] = [];
    for (const column of FUZZED_COLUMNS) {
      const rule = reference(column, 'v');
      const engine = conversion(column, 'v');
      const differences = (
        await connection.runAndReadAll(
          `SELECT v, CAST(${rule} AS VARCHAR), CAST(${engine} AS VARCHAR) FROM s WHERE ${rule} IS DISTINCT FROM ${engine}`,
        )
      ).getRowsJS();
      const [accepted, values] = (
        await connection.runAndReadAll(`SELECT count(${engine}), count(*) FROM s`)
      ).getRowsJS()[0] as [bigint, bigint];
      verdicts.push({ column, values: Number(values), accepted: Number(accepted), differences });
    }
    return verdicts;
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}
