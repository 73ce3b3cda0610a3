import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PARSE, type ColumnSpec, type Dialect } from '../../src/dataset-config.js';
import { checkedRows, type ReadOptions } from '../../src/engine/sql.js';
import { fuzzConversions } from '../support/conversion-fuzz.js';

const EVERY_TYPE: ColumnSpec[] = [
  { name: 'i', type: 'int', required: true },
  { name: 's', type: 'string', required: false },
  { name: 'f', type: 'float', required: false },
  { name: 'b', type: 'bool', required: false },
  { name: 'd', type: 'date', required: false },
  { name: 't', type: 'timestamp', required: false },
  { name: 'm', type: 'decimal', precision: 12, scale: 2, required: false },
];

let dir: string;
let db: DuckDBInstance;
let connection: DuckDBConnection;
let tables = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etl-sql-'));
  db = await DuckDBInstance.create(':memory:', { threads: '2' });
  connection = await db.connect();
});

afterAll(async () => {
  connection.closeSync();
  db.closeSync();
  await rm(dir, { recursive: true, force: true });
});

function readOptions(path: string, columns: ColumnSpec[], parse: Partial<Dialect> = {}): ReadOptions {
  tables += 1;
  return {
    path,
    columns,
    rules: 'configured',
    parse: { ...DEFAULT_PARSE, delimiter: ',', ...parse },
    rejectsTable: `rejects_${tables}`,
    rejectsScan: `scans_${tables}`,
    maxLineBytes: 1 << 16,
  };
}

async function checked(csv: string, columns: ColumnSpec[], parse: Partial<Dialect> = {}) {
  const path = join(dir, `t${tables}.csv`);
  await writeFile(path, csv);
  const sql = checkedRows(readOptions(path, columns, parse));
  return (await connection.runAndReadAll(sql)).getRowsJS();
}

describe('the CSV pass', () => {
  it('has no join in its plan, so a parallel scan keeps file order (bad rows are found by position)', async () => {
    // Five or more constants in an IN list made DuckDB plan a hash join, which drops order.
    const path = join(dir, 'plan.csv');
    await writeFile(path, 'i,s,f,b,d,t,m\n1,a,1.5,yes,2024-01-01,2024-01-01 00:00:00,1.25\n');
    const read = readOptions(path, EVERY_TYPE, { nullMarkers: ['', 'NULL', 'N/A', 'null', '-', 'none'] });
    const plan = (await connection.runAndReadAll(`EXPLAIN ${checkedRows(read)}`)).getRowsJS();
    const text = plan.map((row) => row[1] as string).join('\n');
    expect(text).toContain('READ_CSV');
    expect(text).not.toMatch(/JOIN/);
  });

  it('reads null markers quoted or not, and keeps an empty string when "" is not a marker', async () => {
    const columns: ColumnSpec[] = [
      { name: 'i', type: 'int', required: false },
      { name: 's', type: 'string', required: true },
    ];
    const marked = await checked('i,s\nNULL,"NULL"\n"",x\n', columns, { nullMarkers: ['NULL'] });
    expect(marked).toEqual([
      [null, null, 'missing_required|1'],
      [null, 'x', 'invalid_value|0'],
    ]);
    const unmarked = await checked('i,s\n,""\n7,\n', columns, { nullMarkers: [] });
    expect(unmarked).toEqual([
      [null, '', 'invalid_value|0'],
      [7n, '', null],
    ]);
  });
});

describe('the conversions', () => {
  it('decide exactly what the documented rules decide, fast paths included (fuzzed)', async () => {
    const verdicts = await fuzzConversions(20_000);
    for (const verdict of verdicts) {
      expect({ column: verdict.column.name, differences: verdict.differences }).toEqual({
        column: verdict.column.name,
        differences: [],
      });
      // The fuzz reaches both sides of every rule.
      expect(verdict.accepted).toBeGreaterThan(15);
      expect(verdict.values - verdict.accepted).toBeGreaterThan(25);
    }
  });
});
