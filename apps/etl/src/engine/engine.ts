/**
 * The DuckDB engine (chosen by measurement: see README): DuckDB reads the staged CSV with every
 * field as text, converts and checks the values in SQL, and writes Parquet and NDJSON itself,
 * while the bad rows are placed in the file for the quarantine (bad-rows.ts). Everything streams
 * through local files; DuckDB's memory is capped by `memory_limit` and spills to its temp directory.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { stat } from 'node:fs/promises';
import { resolveColumns } from '../columns.js';
import type { DatasetSpec } from '../dataset-config.js';
import type { ConversionResult } from '../manifest.js';
import { Quarantine } from '../quarantine.js';
import type { ByteSink } from '../sink.js';
import { findAndQuarantine, type BadRowSources } from './bad-rows.js';
import { count, dropTables } from './query.js';
import { checkedRows, literal, ndjsonSelect, parquetSelect, type ReadOptions, type RowRange } from './sql.js';
import type { StagedFile } from './stage.js';

export interface EngineOptions {
  readonly rowGroupRows: number;
  /** DuckDB threads of the CSV pass, and NDJSON parts written side by side. */
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

export interface EngineResult extends ConversionResult {
  /** The NDJSON output: these files joined in this order. */
  readonly ndjsonParts: readonly string[];
}

let jobs = 0;

/** `rows` split into `parts` contiguous ranges of near-equal size. */
function rowRanges(rows: number, parts: number): RowRange[] {
  return Array.from({ length: parts }, (_, i) => ({
    from: Math.floor((rows * i) / parts),
    to: Math.floor((rows * (i + 1)) / parts),
  }));
}

/** Runs `step`, telling `options.onStep` how long it took (the bench reports it). */
async function timed<T>(name: string, options: EngineOptions, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await step();
  options.onStep?.(name, performance.now() - started);
  return result;
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
  await connection.run(`SET threads = ${options.threads}`);
  await connection.run(
    `COPY (${checkedRows(read)}) TO ${literal(files.staging)} ${parquetOptions(options.rowGroupRows)}`,
  );
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
}

interface DuckDbOutcome {
  readonly accepted: number;
  readonly written: number;
  readonly structural: number;
  readonly unplaced: number;
  readonly ndjsonParts: readonly string[];
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
  const sources: BadRowSources = { ...read, staging: files.staging };
  try {
    // Timestamps without an offset are UTC, and NDJSON renders them in UTC, wherever this runs.
    for (const c of connections) await c.run(`SET TimeZone = 'UTC'`);
    await timed('csv-to-staging', options, () => stageRows(connection, read, files, options));
    const accepted = await count(connection, `SELECT count(*) FROM read_parquet(${literal(files.staging)})`);
    const ranges = rowRanges(accepted, parts);
    // Both are awaited before either failure is thrown: neither outlives the instance.
    const [outputs, quarantined] = await Promise.allSettled([
      timed('outputs', options, () => writeOutputs(outputConnections, read, files, ranges, options)),
      timed('quarantine', options, () => findAndQuarantine(connection, sources, staged, sink)),
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
    await dropTables(connection, [read.rejectsTable, read.rejectsScan]);
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
