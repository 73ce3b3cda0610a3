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
import { checkedRows, literal, ndjsonSelect, parquetSelect, type ReadOptions, type RowRange } from './sql.js';
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
  /** Where NDJSON part `index` is written: the parts, in order, are the NDJSON output. */
  readonly ndjsonPart: (index: number) => string;
  /** Opened on the first bad row only. */
  readonly rejected: () => ByteSink;
}

const STRUCTURE_REASONS: Readonly<Record<string, RejectReason>> = {
  'MISSING COLUMNS': 'column_count',
  'TOO MANY COLUMNS': 'column_count',
  'UNQUOTED VALUE': 'unterminated_quote',
  'LINE SIZE OVER MAXIMUM': 'line_too_long',
};

export interface EngineResult extends ConversionResult {
  /** The NDJSON output: these files joined in this order. */
  readonly ndjsonParts: readonly string[];
}

let jobs = 0;

/** `rows` split into `parts` contiguous ranges of near-equal size. */
export function rowRanges(rows: number, parts: number): RowRange[] {
  return Array.from({ length: parts }, (_, i) => ({
    from: Math.floor((rows * i) / parts),
    to: Math.floor((rows * (i + 1)) / parts),
  }));
}

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
 * One pass over the CSV on every configured thread: each row typed and checked, in file order,
 * to the staging file. (Order holds in a parallel scan only while the plan has no join: see
 * `oneOf` in sql.ts; a unit test reads the plan.)
 */
async function stageRows(
  connection: DuckDBConnection,
  read: ReadOptions,
  files: EngineFiles,
  options: EngineOptions,
): Promise<void> {
  const started = performance.now();
  await connection.run(`SET threads = ${options.threads}`);
  await connection.run(
    `COPY (${checkedRows(read)}) TO ${literal(files.staging)} ${parquetOptions(options.rowGroupRows)}`,
  );
  options.onStep?.('csv-to-staging', performance.now() - started);
}

/**
 * Parquet and NDJSON from the staging file at the same time, each query on a connection of its own
 * with one thread: the NDJSON in one part per configured thread, since DuckDB's JSON writer was
 * slower with two threads than with one (1.85 s against 0.97 s on 200 MB), while two parts written
 * side by side took 0.84 s with the Parquet against 1.01 s for one part.
 */
async function writeOutputs(
  connections: readonly DuckDBConnection[],
  read: ReadOptions,
  files: EngineFiles,
  ranges: readonly RowRange[],
  options: EngineOptions,
): Promise<void> {
  const [parquetConnection, ...ndjsonConnections] = connections as [DuckDBConnection, ...DuckDBConnection[]];
  const started = performance.now();
  await parquetConnection.run('SET threads = 1');
  await Promise.all([
    parquetConnection.run(
      `COPY (${parquetSelect(read.columns, files.staging)}) TO ${literal(files.parquet)} ${parquetOptions(options.rowGroupRows)}`,
    ),
    ...ranges.map((range, i) =>
      (ndjsonConnections[i] as DuckDBConnection).run(
        `COPY (${ndjsonSelect(read.columns, files.staging, range)}) TO ${literal(files.ndjsonPart(i))} (FORMAT json)`,
      ),
    ),
  ]);
  options.onStep?.('outputs', performance.now() - started);
}

interface DuckDbOutcome {
  readonly accepted: number;
  readonly written: number;
  readonly structural: number;
  readonly unplaced: number;
  readonly ndjsonParts: readonly string[];
}

/** Records DuckDB rejected, and staged rows with a bad value. */
async function problemCounts(
  connection: DuckDBConnection,
  names: Names,
): Promise<{ structural: number; valueProblems: number }> {
  const [row] = await rows(
    connection,
    `SELECT (SELECT count(DISTINCT line) FROM ${names.rejectsTable}),
      (SELECT count(problem) FROM read_parquet(${literal(names.staging)}))`,
  );
  const [structural, valueProblems] = (row ?? []).map(Number);
  return { structural: structural ?? 0, valueProblems: valueProblems ?? 0 };
}

/** Finds the bad rows (DuckDB) and quarantines them (a pass over the file in JS), timed for the bench. */
async function findAndQuarantine(
  connection: DuckDBConnection,
  names: Names,
  staged: StagedFile,
  read: ReadOptions,
  sink: Quarantine,
  options: EngineOptions,
): Promise<{ structural: number; unplaced: number }> {
  const started = performance.now();
  const { structural, valueProblems } = await problemCounts(connection, names);
  const found =
    structural > 0 || valueProblems > 0 ? await badRows(connection, names, read.columns) : undefined;
  await dropAll(connection, names);
  const unplaced = found ? await quarantine(staged, read.parse, found, sink) : 0;
  await sink.finish();
  options.onStep?.('quarantine', performance.now() - started);
  return { structural, unplaced };
}

/**
 * Every DuckDB pass, on an instance of its own that is closed when they are done. After the CSV
 * pass, the outputs are written on connections of their own while the bad rows are looked up and
 * quarantined (JS, on the main thread, otherwise idle while DuckDB works).
 */
async function runDuckDb(
  openDb: () => Promise<DuckDBInstance>,
  staged: StagedFile,
  read: ReadOptions,
  files: EngineFiles,
  sink: Quarantine,
  options: EngineOptions,
): Promise<DuckDbOutcome> {
  const db = await openDb();
  const parts = Math.max(1, options.threads);
  // One for the CSV pass and the bad rows, one for the Parquet, one per NDJSON part.
  const connections = await Promise.all(Array.from({ length: parts + 2 }, () => db.connect()));
  const [connection, ...outputConnections] = connections as [DuckDBConnection, ...DuckDBConnection[]];
  const names: Names = {
    staging: files.staging,
    rejectsTable: read.rejectsTable,
    rejectsScan: read.rejectsScan,
  };
  try {
    // Timestamps without an offset are UTC, and NDJSON renders them in UTC, wherever this runs.
    for (const c of connections) await c.run(`SET TimeZone = 'UTC'`);
    await stageRows(connection, read, files, options);
    const accepted = await count(connection, `SELECT count(*) FROM read_parquet(${literal(files.staging)})`);
    const ranges = rowRanges(accepted, parts);
    // Both are awaited before either failure is thrown: neither outlives the instance.
    const [outputs, quarantined] = await Promise.allSettled([
      writeOutputs(outputConnections, read, files, ranges, options),
      findAndQuarantine(connection, names, staged, read, sink, options),
    ]);
    if (outputs.status === 'rejected') throw outputs.reason;
    if (quarantined.status === 'rejected') throw quarantined.reason;
    const written = await count(connection, `SELECT count(*) FROM read_parquet(${literal(files.parquet)})`);
    return {
      accepted,
      written,
      structural: quarantined.value.structural,
      unplaced: quarantined.value.unplaced,
      ndjsonParts: ranges.map((_, i) => files.ndjsonPart(i)),
    };
  } finally {
    await dropAll(connection, names);
    for (const c of connections) c.closeSync();
    db.closeSync();
  }
}

/**
 * Converts a staged CSV into Parquet and NDJSON files, and quarantines its bad rows. DuckDB runs on
 * an instance opened for this file and closed when it is done, which gives its memory back.
 */
export async function convertStaged(
  openDb: () => Promise<DuckDBInstance>,
  staged: StagedFile,
  dataset: DatasetSpec,
  files: EngineFiles,
  options: EngineOptions,
): Promise<EngineResult> {
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
  const sink = new Quarantine(files.rejected);
  const outcome = await runDuckDb(openDb, staged, read, files, sink, options);
  const [parquet, ...ndjson] = await Promise.all(
    [files.parquet, ...outcome.ndjsonParts].map((path) => stat(path)),
  );
  return {
    rowsRead: outcome.accepted + outcome.structural,
    rowsWritten: outcome.written,
    rowsRejected: sink.count,
    columns: resolved.columns,
    schemaSource: resolved.source,
    unplacedRejects: outcome.unplaced,
    bytes: {
      parquet: parquet?.size ?? 0,
      ndjson: ndjson.reduce((sum, part) => sum + part.size, 0),
      rejected: sink.bytes,
    },
    ndjsonParts: outcome.ndjsonParts,
  };
}
