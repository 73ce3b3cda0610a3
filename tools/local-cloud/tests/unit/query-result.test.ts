/** A query's result as a table and as JSON, and Athena's bill for a scan. */
import { ATHENA_PRICE, athenaQueryCost } from '../../src/cost/prices.js';
import { renderResult, resultJson, type QueryResult } from '../../src/query/query-result.js';

const RESULT: QueryResult = {
  engine: 'duckdb',
  sql: 'SELECT ingest_date, count(*) AS orders, sum(amount) AS amount FROM orders GROUP BY 1 ORDER BY 1',
  columns: [
    { name: 'ingest_date', type: 'DATE' },
    { name: 'orders', type: 'BIGINT' },
    { name: 'amount', type: 'DECIMAL(38,2)' },
  ],
  rows: [
    ['2026-11-30', 12, '1234.50'],
    ['2026-12-01', 3, null],
  ],
};

describe('renderResult', () => {
  it('prints a header, a rule, one line per row (NULL for null) and the row count', () => {
    expect(renderResult(RESULT).split('\n')).toEqual([
      'ingest_date  orders  amount',
      '-----------  ------  -------',
      '2026-11-30   12      1234.50',
      '2026-12-01   3       NULL',
      '2 rows',
    ]);
  });

  it('prints an empty result as its header and 0 rows', () => {
    expect(renderResult({ ...RESULT, rows: [] }).split('\n')).toEqual([
      'ingest_date  orders  amount',
      '-----------  ------  ------',
      '0 rows',
    ]);
  });

  it("adds Athena's scan and its cost", () => {
    const text = renderResult({
      ...RESULT,
      engine: 'athena',
      cost: { scannedBytes: 123, billedBytes: 10485760, usd: 0.0000476837158203125, price: 'P' },
    });
    expect(text.split('\n').at(-1)).toBe('2 rows; scanned 123 bytes, billed 10485760: $0.000048 (P)');
  });
});

describe('resultJson', () => {
  it('is rows as objects keyed by column, with the columns and the count', () => {
    expect(JSON.parse(resultJson(RESULT))).toEqual({
      engine: 'duckdb',
      sql: RESULT.sql,
      columns: RESULT.columns,
      rows: [
        { ingest_date: '2026-11-30', orders: 12, amount: '1234.50' },
        { ingest_date: '2026-12-01', orders: 3, amount: null },
      ],
      rowCount: 2,
    });
  });
});

describe('athenaQueryCost', () => {
  it('bills at least 10 MB a query', () => {
    expect(athenaQueryCost(0)).toEqual({ billedBytes: 10 * 2 ** 20, usd: (10 * 2 ** 20 * 5) / 2 ** 40 });
  });

  it('rounds a scan up to the next MB and prices it at $5 per TB', () => {
    const { billedBytes, usd } = athenaQueryCost(20 * 2 ** 20 + 1);
    expect(billedBytes).toBe(21 * 2 ** 20);
    expect(usd).toBeCloseTo((21 / 2 ** 20) * 5, 12);
    expect(athenaQueryCost(2 ** 40).usd).toBe(5);
  });

  it('is dated and sourced', () => {
    expect(ATHENA_PRICE.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(ATHENA_PRICE.source).toMatch(/^https:\/\/aws\.amazon\.com\/athena\/pricing\//);
  });
});
