/**
 * `pnpm query --env dev|prod`: the SQL runs in Athena, in the stack's workgroup with the curated Glue
 * database as its default (StartQueryExecution), polled until it ends (GetQueryExecution), its rows
 * read page by page (GetQueryResults), and its scan priced at Athena's price (prices.ts).
 */
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type AthenaClient,
  type ColumnInfo,
  type Row,
} from '@aws-sdk/client-athena';
import { ATHENA_PRICE, athenaQueryCost } from '../cost/prices.js';
import { QueryError } from './query-errors.js';
import type { Cell, QueryResult, ScanCost } from './query-result.js';

export interface AthenaTarget {
  readonly workgroup: string;
  /** The Glue database the query's unqualified table names are in. */
  readonly database: string;
}

export interface AthenaOptions {
  /** First wait between polls; it doubles up to 2 s. @default 250 */
  readonly pollMs?: number;
  /** Give up (and say so) after this long. @default 30 minutes, Athena's own default DML timeout */
  readonly timeoutMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function finished(athena: AthenaClient, id: string, options: AthenaOptions): Promise<number> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  let wait = options.pollMs ?? 250;
  for (;;) {
    const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const status = QueryExecution?.Status;
    if (status?.State === 'SUCCEEDED') return QueryExecution?.Statistics?.DataScannedInBytes ?? 0;
    if (status?.State === 'FAILED' || status?.State === 'CANCELLED')
      throw new QueryError(
        'QUERY_FAILED',
        `Athena ${status.State.toLowerCase()} the query ${id}: ${status.StateChangeReason ?? status.AthenaError?.ErrorMessage ?? 'no reason given'}`,
      );
    if (Date.now() > deadline)
      throw new QueryError('QUERY_FAILED', `Athena query ${id} did not end in time (still ${status?.State})`);
    await sleep(wait);
    wait = Math.min(wait * 2, 2000);
  }
}

/** Athena's text values as JSON carries them, by the column's type. */
function cell(value: string | undefined, type: string): Cell {
  if (value === undefined) return null;
  if (/^(tinyint|smallint|integer|int|bigint)$/.test(type) && Number.isSafeInteger(Number(value)))
    return Number(value);
  if (/^(double|float|real)$/.test(type) && value !== '' && Number.isFinite(Number(value)))
    return Number(value);
  if (type === 'boolean') return value === 'true';
  return value;
}

/** True when `row` is the header Athena puts first in a SELECT's results (the column names). */
function isHeader(row: Row, columns: readonly ColumnInfo[]): boolean {
  const values = (row.Data ?? []).map((d) => d.VarCharValue);
  return values.length === columns.length && columns.every((c, i) => values[i] === c.Name);
}

async function results(athena: AthenaClient, id: string): Promise<Pick<QueryResult, 'columns' | 'rows'>> {
  let columns: readonly ColumnInfo[] = [];
  const rows: Cell[][] = [];
  let NextToken: string | undefined;
  let first = true;
  do {
    const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken }));
    if (first) columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
    const pageRows = page.ResultSet?.Rows ?? [];
    const data =
      first && pageRows[0] !== undefined && isHeader(pageRows[0], columns) ? pageRows.slice(1) : pageRows;
    for (const row of data)
      rows.push(columns.map((c, i) => cell(row.Data?.[i]?.VarCharValue, (c.Type ?? '').toLowerCase())));
    NextToken = page.NextToken;
    first = false;
  } while (NextToken !== undefined);
  return { columns: columns.map((c) => ({ name: c.Name ?? '', type: c.Type ?? '' })), rows };
}

function scanCost(scannedBytes: number): ScanCost {
  const { billedBytes, usd } = athenaQueryCost(scannedBytes);
  return {
    scannedBytes,
    billedBytes,
    usd,
    price: `$${ATHENA_PRICE.perTbScanned.toFixed(2)} per TB scanned, 10 MB minimum, as of ${ATHENA_PRICE.asOf}: ${ATHENA_PRICE.source}`,
  };
}

/**
 * Runs `sql` in Athena and reads all its rows.
 *
 * @throws {QueryError} QUERY_FAILED with Athena's reason when the query fails or is cancelled.
 */
export async function runAthenaQuery(
  athena: AthenaClient,
  sql: string,
  target: AthenaTarget,
  options: AthenaOptions = {},
): Promise<QueryResult> {
  const started = await athena
    .send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: target.workgroup,
        QueryExecutionContext: { Database: target.database },
      }),
    )
    .catch((error: { name?: string; message?: string }) => {
      // Athena refuses SQL it cannot parse at once (InvalidRequestException), with its reason.
      if (error.name === 'InvalidRequestException')
        throw new QueryError('QUERY_FAILED', `Athena refused the query: ${error.message ?? ''}`, {
          cause: error,
        });
      throw error;
    });
  const id = started.QueryExecutionId;
  if (id === undefined) throw new QueryError('QUERY_FAILED', 'Athena returned no query execution id');
  const scanned = await finished(athena, id, options);
  return {
    engine: 'athena',
    sql,
    ...(await results(athena, id)),
    queryExecutionId: id,
    cost: scanCost(scanned),
  };
}
