/**
 * The DuckDB engine (chosen by measurement: see README): DuckDB reads the staged CSV with every
 * field as text, converts and checks the values in SQL, and writes Parquet and NDJSON itself.
 * Bad rows are then located in the file for the quarantine. Everything streams through local
 * files; DuckDB's memory is capped by `memory_limit` and spills to its temp directory.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { stat } from 'node:fs/promises';
import { resolveColumns } from '../columns.js';
import type { ColumnSpec, DatasetSpec, ParseOptions } from '../dataset-config.js';
import type { ConversionResult } from '../manifest.js';
import { Quarantine, type RejectedRow, type RejectReason } from '../quarantine.js';
import type { ByteSink } from '../sink.js';
import { locateRecords, type LocatedRecord } from './locate.js';
import { checkedRows, literal, ndjsonSelect, parquetSelect, type ReadOptions } from './sql.js';
import type { StagedFile } from './stage.js';

export interface EngineOptions {
  readonly rowGroupRows: number;
  /** DuckDB threads for the passes after the CSV read. */
  readonly threads: number;
  /** Told how long each pass took (the bench reports them). */
  readonly onStep?: (step: string, ms: number) => void;
  readonly sampleRows: number;
  readonly maxLineBytes: number;
}

export interface EngineFiles {
  /** Scratch: every row, typed, with its problem (if any), in file order. */
  readonly staging: string;
  readonly parquet: string;
  readonly ndjson: string;
  /** Opened on the first bad row only. */
  readonly rejected: () => ByteSink;
}

const STRUCTURE_REASONS: Readonly<Record<string, RejectReason>> = {
  'MISSING COLUMNS': 'column_count',
  'TOO MANY COLUMNS': 'column_count',
  'UNQUOTED VALUE': 'unterminated_quote',
  'LINE SIZE OVER MAXIMUM': 'line_too_long',
};

let jobs = 0;

async function count(connection: DuckDBConnection, sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(sql);
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

async function rows(connection: DuckDBConnection, sql: string): Promise<unknown[][]> {
  return (await connection.runAndReadAll(sql)).getRowsJS() as unknown[][];
}

interface BadRows {
  readonly rejected: { line: number; reason: RejectReason; message: string }[];
  readonly bad: { ordinal: number; reason: RejectReason; column: ColumnSpec }[];
}

async function badRows(
  connection: DuckDBConnection,
  names: Names,
  columns: readonly ColumnSpec[],
): Promise<BadRows> {
  const rejected = (
    await rows(
      connection,
      `SELECT line, min(error_type), min(error_message) FROM ${names.rejectsTable} GROUP BY line ORDER BY line`,
    )
  ).map(([line, type, message]) => ({
    line: Number(line),
    reason: STRUCTURE_REASONS[String(type)] ?? 'malformed_quote',
    message: String(message).split('\n')[0] ?? '',
  }));
  const staging = `read_parquet(${literal(names.staging)}, file_row_number=true)`;
  const bad = (
    await rows(
      connection,
      `SELECT file_row_number, problem FROM ${staging} WHERE problem IS NOT NULL ORDER BY 1`,
    )
  ).map(([rowid, problem]) => {
    const [reason, index] = String(problem).split('|');
    return {
      ordinal: Number(rowid),
      reason: reason as RejectReason,
      column: columns[Number(index)] as ColumnSpec,
    };
  });
  return { rejected, bad };
}

function badMessage(reason: RejectReason, column: ColumnSpec): string {
  return reason === 'missing_required'
    ? `${column.name} is required`
    : `the value of ${column.name} is not a valid ${column.type}`;
}

function quarantineRow(
  found: BadRows,
  record: Pick<LocatedRecord, 'kind' | 'index' | 'line' | 'text'>,
): RejectedRow {
  if (record.kind === 'rejected') {
    const { reason, message } = found.rejected[record.index] as BadRows['rejected'][number];
    return { line: record.line, reason, message, record: record.text };
  }
  const { reason, column } = found.bad[record.index] as BadRows['bad'][number];
  return {
    line: record.line,
    reason,
    column: column.name,
    message: badMessage(reason, column),
    record: record.text,
  };
}

/**
 * Writes every bad row to the quarantine in file order. A row the scan could not place (the two
 * record splitters disagreeing) is still quarantined, with line 0 and no text, and logged by the
 * caller through the count: it is never dropped.
 */
async function quarantine(
  staged: StagedFile,
  parse: ParseOptions,
  found: BadRows,
  sink: Quarantine,
): Promise<number> {
  const want = {
    rejected: found.rejected.map((r) => r.line),
    bad: found.bad.map((b) => b.ordinal),
    header: parse.header,
    delimiter: parse.delimiter,
  };
  const placed = { rejected: new Set<number>(), bad: new Set<number>() };
  for await (const record of locateRecords(staged.path, want)) {
    placed[record.kind].add(record.index);
    sink.add(quarantineRow(found, record));
    await sink.flush();
  }
  let unplaced = 0;
  for (const kind of ['rejected', 'bad'] as const) {
    for (let index = 0; index < found[kind].length; index += 1) {
      if (placed[kind].has(index)) continue;
      unplaced += 1;
      const row = quarantineRow(found, { kind, index, line: 0, text: '' });
      sink.add({ ...row, message: `${row.message} (record not located in the file)` });
    }
  }
  return unplaced;
}

interface Names {
  readonly staging: string;
  readonly rejectsTable: string;
  readonly rejectsScan: string;
}

async function dropAll(connection: DuckDBConnection, names: Names): Promise<void> {
  for (const table of [names.rejectsTable, names.rejectsScan])
    await connection.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
}

const parquetOptions = (rowGroupRows: number) =>
  `(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE ${rowGroupRows})`;

/**
 * Stages every row typed (one pass over the CSV), then writes the good ones as Parquet and as
 * NDJSON from the staging file at the same time, on two connections: each query runs on its own
 * thread even with `threads = 1`, which saved about a third of this step on two cores (measured;
 * `threads = 2` made the JSON writer slower instead). The CSV pass runs on one thread: with two, the staged rows left file order
 * across read buffers (measured; a regression test reads in small buffers), and bad rows are
 * located by that order. (`parallel=false` keeps order too, but drops an unterminated last record
 * without a reject.)
 */
async function writeOutputs(
  connections: readonly [DuckDBConnection, DuckDBConnection],
  read: ReadOptions,
  files: EngineFiles,
  options: EngineOptions,
): Promise<void> {
  const [connection, second] = connections;
  const started = performance.now();
  await connection.run('SET threads = 1');
  await connection.run(
    `COPY (${checkedRows(read)}) TO ${literal(files.staging)} ${parquetOptions(options.rowGroupRows)}`,
  );
  await connection.run(`SET threads = ${options.threads}`);
  options.onStep?.('csv-to-staging', performance.now() - started);
  await Promise.all([
    connection.run(
      `COPY (${parquetSelect(read.columns, files.staging)}) TO ${literal(files.parquet)} ${parquetOptions(options.rowGroupRows)}`,
    ),
    second.run(
      `COPY (${ndjsonSelect(read.columns, files.staging)}) TO ${literal(files.ndjson)} (FORMAT json)`,
    ),
  ]);
  options.onStep?.('outputs', performance.now() - started);
}

interface DuckDbOutcome {
  readonly accepted: number;
  readonly written: number;
  readonly structural: number;
  /** Present when there are bad rows to quarantine. */
  readonly found?: BadRows;
}

/** Every DuckDB pass, on an instance of its own that is closed before the quarantine pass. */
async function runDuckDb(
  openDb: () => Promise<DuckDBInstance>,
  read: ReadOptions,
  files: EngineFiles,
  options: EngineOptions,
): Promise<DuckDbOutcome> {
  const db = await openDb();
  const connection = await db.connect();
  const second = await db.connect();
  const names: Names = {
    staging: files.staging,
    rejectsTable: read.rejectsTable,
    rejectsScan: read.rejectsScan,
  };
  try {
    // Timestamps without an offset are UTC, and NDJSON renders them in UTC, wherever this runs.
    for (const c of [connection, second]) await c.run(`SET TimeZone = 'UTC'`);
    await writeOutputs([connection, second], read, files, options);
    const accepted = await count(connection, `SELECT count(*) FROM read_parquet(${literal(files.staging)})`);
    const written = await count(connection, `SELECT count(*) FROM read_parquet(${literal(files.parquet)})`);
    const structural = await count(connection, `SELECT count(DISTINCT line) FROM ${names.rejectsTable}`);
    const found =
      structural > 0 || written < accepted ? await badRows(connection, names, read.columns) : undefined;
    return { accepted, written, structural, found };
  } finally {
    await dropAll(connection, names);
    second.closeSync();
    connection.closeSync();
    db.closeSync();
  }
}

/**
 * Converts a staged CSV into Parquet and NDJSON files, and quarantines its bad rows. DuckDB runs on
 * an instance opened for this file and closed before the quarantine pass, which gives its memory
 * back: the 1 GB bench peaked in that pass while the instance stayed open.
 */
export async function convertStaged(
  openDb: () => Promise<DuckDBInstance>,
  staged: StagedFile,
  dataset: DatasetSpec,
  files: EngineFiles,
  options: EngineOptions,
): Promise<ConversionResult> {
  const resolved = resolveColumns(dataset, staged.head, staged.complete, options.sampleRows);
  const id = `${process.pid}_${(jobs += 1)}`;
  const read: ReadOptions = {
    path: staged.path,
    columns: resolved.columns,
    parse: dataset.parse,
    rejectsTable: `rejects_${id}`,
    rejectsScan: `scans_${id}`,
    maxLineBytes: options.maxLineBytes,
  };
  const outcome = await runDuckDb(openDb, read, files, options);
  const located = performance.now();
  const sink = new Quarantine(files.rejected);
  const unplaced = outcome.found ? await quarantine(staged, dataset.parse, outcome.found, sink) : 0;
  await sink.finish();
  options.onStep?.('quarantine', performance.now() - located);
  const [parquet, ndjson] = await Promise.all([stat(files.parquet), stat(files.ndjson)]);
  return {
    rowsRead: outcome.accepted + outcome.structural,
    rowsWritten: outcome.written,
    rowsRejected: sink.count,
    columns: resolved.columns,
    schemaSource: resolved.source,
    unplacedRejects: unplaced,
    bytes: { parquet: parquet.size, ndjson: ndjson.size, rejected: sink.bytes },
  };
}
