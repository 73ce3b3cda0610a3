/**
 * Checks that the engine's conversions (GLOB fast paths, sql.ts) decide exactly what the regex
 * rules decide, on random strings built from the characters that matter plus valid values mutated.
 *   node --import tsx bench/conversion-equivalence.ts [count per type]
 * Exits 1 and prints the first differences when any value converts differently.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { ColumnSpec } from '../src/dataset-config.js';
import { conversion, DATE, decimalPattern, FLOAT, INT, literal, TIMESTAMP } from '../src/engine/sql.js';

const COUNT = Number(process.argv[2] ?? 20_000);
const ALPHABET = '0123456789+-.:eETZ _x/\t,é٣';
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
];

/** The rules as they were: one regex, then the cast. */
function reference(column: ColumnSpec, raw: string): string {
  const re = (pattern: string, cast: string) =>
    `CASE WHEN regexp_full_match(${raw}, ${literal(pattern)}) THEN ${cast} END`;
  if (column.type === 'int') return re(INT, `TRY_CAST(${raw} AS BIGINT)`);
  if (column.type === 'date') return re(DATE, `TRY_CAST(${raw} AS DATE)`);
  if (column.type === 'timestamp') return re(TIMESTAMP, `TRY_CAST(${raw} AS TIMESTAMPTZ)`);
  if (column.type === 'decimal')
    return re(
      decimalPattern(column.scale ?? 0),
      `TRY_CAST(${raw} AS DECIMAL(${column.precision ?? 18},${column.scale ?? 0}))`,
    );
  if (column.type === 'float')
    return `CASE WHEN regexp_full_match(${raw}, ${literal(FLOAT)}) AND isfinite(TRY_CAST(${raw} AS DOUBLE)) THEN TRY_CAST(${raw} AS DOUBLE) END`;
  return conversion(column, raw);
}

function randomValues(random: () => number): string[] {
  const pick = (text: string) => text[Math.floor(random() * text.length)] ?? '';
  const values = [...SEEDS];
  for (let i = 0; i < COUNT; i += 1) {
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

const COLUMNS: ColumnSpec[] = [
  { name: 'i', type: 'int', required: false },
  { name: 'f', type: 'float', required: false },
  { name: 'd', type: 'date', required: false },
  { name: 't', type: 'timestamp', required: false },
  { name: 'd0', type: 'decimal', precision: 18, scale: 0, required: false },
  { name: 'd2', type: 'decimal', precision: 12, scale: 2, required: false },
  { name: 'd6', type: 'decimal', precision: 18, scale: 6, required: false },
];

let state = 7;
/** mulberry32: the same values every run. */
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const db = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await db.connect();
await connection.run(`SET TimeZone = 'UTC'; CREATE TABLE s(v VARCHAR)`);
const appender = await connection.createAppender('s');
for (const value of new Set(randomValues(random))) {
  appender.appendVarchar(value);
  appender.endRow();
}
appender.closeSync();
let failed = 0;
for (const column of COLUMNS) {
  const sql = `SELECT v, CAST(${reference(column, 'v')} AS VARCHAR), CAST(${conversion(column, 'v')} AS VARCHAR) FROM s WHERE ${reference(column, 'v')} IS DISTINCT FROM ${conversion(column, 'v')}`;
  const diffs = (await connection.runAndReadAll(sql)).getRowsJS();
  const accepted = (
    await connection.runAndReadAll(`SELECT count(${conversion(column, 'v')}), count(*) FROM s`)
  ).getRowsJS()[0];
  console.log(
    `${column.name.padEnd(3)} ${column.type.padEnd(9)} values ${String(accepted?.[1])}, accepted ${String(accepted?.[0])}, differences ${diffs.length}`,
  );
  for (const row of diffs.slice(0, 5)) console.log('   ', JSON.stringify(row));
  failed += diffs.length;
}
process.exit(failed ? 1 : 0);
