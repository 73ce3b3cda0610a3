/**
 * One test holds the two implementations of the type rules equal: the JS converters (what inference
 * samples with) and the SQL conversions (what converts the whole file), under both rule sets, on the
 * same fuzzed values: each value is accepted by both or by neither, with the same result.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { converterFor, INVALID, type Rules, type Value } from '../../src/convert.js';
import type { ColumnSpec } from '../../src/dataset-config.js';
import { conversion } from '../../src/engine/sql.js';
import { randomValues, seeded } from '../support/conversion-fuzz.js';

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'i', type: 'int', required: false },
  { name: 'f', type: 'float', required: false },
  { name: 'b', type: 'bool', required: false },
  { name: 'd', type: 'date', required: false },
  { name: 't', type: 'timestamp', required: false },
  { name: 'm', type: 'decimal', precision: 12, scale: 2, required: false },
];

/** The SQL result as the JS converter's value (epoch days, epoch micros, unscaled decimal). */
function asJsValue(column: ColumnSpec, sql: string): string {
  switch (column.type) {
    case 'date':
      return `CAST(date_diff('day', DATE '1970-01-01', ${sql}) AS VARCHAR)`;
    case 'timestamp':
      return `CAST(epoch_us(${sql}) AS VARCHAR)`;
    case 'decimal':
      return `replace(CAST(${sql} AS VARCHAR), '.', '')`;
    case 'float':
      return `CAST(${sql} AS DOUBLE)`;
    default:
      return `CAST(${sql} AS VARCHAR)`;
  }
}

function jsText(column: ColumnSpec, value: Value | typeof INVALID): unknown {
  if (value === INVALID) return null;
  if (column.type === 'float') return value;
  if (column.type === 'decimal') return (value as bigint).toString().replace(/^(-?)0*(?=\d)/, '$1');
  return String(value);
}

let db: DuckDBInstance;
let connection: DuckDBConnection;
const values = [...new Set(randomValues(seeded(11), 20_000))];

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:', { threads: '1' });
  connection = await db.connect();
  await connection.run(`SET TimeZone = 'UTC'; CREATE TABLE s(k INTEGER, v VARCHAR)`);
  const appender = await connection.createAppender('s');
  values.forEach((value, k) => {
    appender.appendInteger(k);
    appender.appendVarchar(value);
    appender.endRow();
  });
  appender.closeSync();
});

afterAll(() => {
  connection.closeSync();
  db.closeSync();
});

describe.each(['configured', 'inferred'] as const)(
  '%s rules: JS converters and SQL conversions agree',
  (rules: Rules) => {
    it.each(COLUMNS.map((column) => [column.type, column] as const))('%s', async (_type, column) => {
      const sql = (
        await connection.runAndReadAll(
          `SELECT k, ${asJsValue(column, conversion(column, 'v', rules))} FROM s ORDER BY k`,
        )
      ).getRowsJS();
      const convert = converterFor(column, rules);
      const differences = values.flatMap((value, k) => {
        const bySql = sql[k]?.[1] ?? null;
        const byJs = jsText(column, convert(value));
        const decimalSame =
          column.type === 'decimal' &&
          bySql !== null &&
          byJs !== null &&
          BigInt(bySql as string) === BigInt(byJs as string);
        return bySql === byJs || decimalSame ? [] : [{ value, bySql, byJs }];
      });
      expect(differences.slice(0, 40)).toEqual([]);
      const accepted = values.filter((value) => convert(value) !== INVALID).length;
      expect(accepted).toBeGreaterThan(1);
    });
  },
);

describe('the inferred rules keep text', () => {
  it.each([
    ['int', '08123', false],
    ['int', '+44', false],
    ['int', '0', true],
    ['int', '-12', true],
    ['float', '0.5', true],
    ['float', '00.5', false],
    ['float', '12345678901234567', false],
    ['bool', 'Y', false],
    ['bool', 'N', false],
    ['bool', 'yes', false],
    ['bool', 'TRUE', true],
  ] as const)('%s %j accepted: %p', (type, raw, accepted) => {
    expect(converterFor({ name: 'c', type, required: false }, 'inferred')(raw) !== INVALID).toBe(accepted);
  });
});
