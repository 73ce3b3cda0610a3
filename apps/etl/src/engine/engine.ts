/**
 * The DuckDB engine (chosen by measurement: see README). It owns one scratch folder per file: the
 * staged CSV (stage.ts), the typed staging Parquet, and the named pipes its outputs stream through.
 * DuckDB reads the staged CSV with every field as text, converts and checks the values in SQL, and
 * writes Parquet and NDJSON into the outputs' sinks while the bad rows are placed in the file for
 * the quarantine (bad-rows.ts). It finishes every output or aborts every one, removes its scratch
 * folder, and returns what it wrote. DuckDB's memory is capped by `memory_limit` and spills to disk.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveColumns } from '../columns.js';
import type { ColumnSpec, DatasetSpec, Dialect } from '../dataset-config.js';
import type { DecodeOptions } from '../decode.js';
import { UnreadableCsvError } from '../errors.js';
import { Quarantine } from '../quarantine.js';
import type { ByteSink, OutputSink, WrittenObject } from '../sink.js';
import { findAndQuarantine, type BadRowSources } from './bad-rows.js';
import { copyThrough } from './pipes.js';
import { count } from './query.js';
import {
  checkedRows,
  fileOrder,
  literal,
  ndjsonSelect,
  parquetSelect,
  type OutputColumn,
  type ReadOptions,
  type RowRange,
} from './sql.js';
import type { ColumnTypeSpec } from '@pipeline/dataset-contract';
import { classifyFailure, makeScratch, type Scratch } from './scratch.js';
import { stageCsv, type StagedFile } from './stage.js';

export interface EngineOptions {
  readonly rowGroupRows: number;
  /** DuckDB threads of the CSV pass, and NDJSON parts written side by side. */
  readonly threads: number;
  readonly sampleRows: number;
  readonly maxLineBytes: number;
  /** Where the engine makes its scratch folder. */
  readonly workDir: string;
  /** Told how long each step took (the bench reports them). */
  readonly onStep?: (step: string, ms: number) => void;
}

/** One file to convert: its bytes as stored, how to decode them, and how to read them. */
export interface EngineInput {
  readonly source: AsyncIterable<Uint8Array>;
  readonly decode: DecodeOptions;
  readonly dataset: DatasetSpec;
  readonly dialect: Dialect;
  /** The dataset table's column types: a schema-less file reads the columns it has with them. */
  readonly tableTypes?: ReadonlyMap<string, ColumnTypeSpec>;
  /**
   * Called with the file's columns once they are known, before anything is written: the outputs'
   * columns, in order (the dataset table's, kept in step by the caller). @default the file's own
   */
  outputColumns?(columns: readonly ColumnSpec[]): Promise<readonly OutputColumn[]>;
}

export interface EngineOutputs {
  readonly parquet: OutputSink;
  /** Written in one ordered segment per thread. */
  readonly ndjson: OutputSink;
  /** Opened on the first bad row only. */
  readonly rejectedRows: OutputSink;
}

/** What converting one file produced. */
export interface EngineResult {
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly rowsRejected: number;
  readonly columns: readonly ColumnSpec[];
  readonly schemaSource: 'configured' | 'inferred';
  /** Quarantined rows whose line could not be found (0 unless DuckDB and the locator disagree). */
  readonly unplacedRejects: number;
  readonly written: {
    readonly parquet: WrittenObject;
    readonly ndjson: WrittenObject;
    readonly rejectedRows?: WrittenObject;
  };
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
  `(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE ${rowGroupRows}, USE_TMP_FILE false)`;

/**
 * One pass over the CSV on every configured thread: each row typed and checked, in file order, to
 * the staging file. (Order holds in a parallel scan only while the plan has no join: see `oneOf`
 * in sql.ts; a unit test reads the plan.) A file that yields no record at all is refused: a
 * non-empty file never converts quietly into nothing.
 */
async function stageRows(
  connection: DuckDBConnection,
  read: ReadOptions,
  scratch: Scratch,
  options: EngineOptions,
): Promise<{ accepted: number; structural: number }> {
  await connection.run(`SET threads = ${options.threads}`);
  await connection.run(
    `COPY (${checkedRows(read)}) TO ${literal(scratch.staging)} ${parquetOptions(options.rowGroupRows)}`,
  );
  const accepted = await count(connection, `SELECT count(*) FROM read_parquet(${literal(scratch.staging)})`);
  const structural = await count(connection, `SELECT count(DISTINCT line) FROM ${read.rejectsTable}`);
  if (accepted + structural === 0)
    throw new UnreadableCsvError(
      'NO_ROWS',
      'The file holds no data record (a header, blank lines, or nothing DuckDB could read as a record)',
    );
  return { accepted, structural };
}

/**
 * Parquet and NDJSON from the staging file at the same time, each query on a connection of its own
 * with one thread, each streaming into its sink: the NDJSON in one ordered segment per configured
 * thread, since DuckDB's JSON writer was slower with two threads than with one (1.85 s against
 * 0.97 s on 200 MB), while two parts written side by side took 0.84 s with the Parquet against 1.01 s.
 */
async function writeOutputs(
  connections: readonly DuckDBConnection[],
  columns: readonly OutputColumn[],
  scratch: Scratch,
  outputs: EngineOutputs,
  ranges: readonly RowRange[],
  options: EngineOptions,
): Promise<void> {
  const [parquetConnection, ...ndjsonConnections] = connections as [DuckDBConnection, ...DuckDBConnection[]];
  await parquetConnection.run('SET threads = 1');
  const copies = [
    ...segmentWrites(outputs.parquet, [scratch.parquet], scratch.fifos, [
      (path) =>
        parquetConnection.run(
          `COPY (${parquetSelect(columns, scratch.staging)}) TO ${literal(path)} ${parquetOptions(options.rowGroupRows)}`,
        ),
    ]),
    ...segmentWrites(
      outputs.ndjson,
      scratch.ndjson,
      scratch.fifos,
      ranges.map(
        (range, i) => (path: string) =>
          (ndjsonConnections[i] as DuckDBConnection).run(
            `COPY (${ndjsonSelect(columns, scratch.staging, range)}) TO ${literal(path)} (FORMAT json, USE_TMP_FILE false)`,
          ),
      ),
    ),
  ];
  const outcomes = await Promise.allSettled(copies);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * One write per segment of `output`: straight into its local files where it has them (the bench's
 * file outputs), else through the scratch pipes into its sinks.
 */
function segmentWrites(
  output: OutputSink,
  pipes: readonly string[],
  fifos: boolean,
  copies: readonly ((path: string) => Promise<unknown>)[],
): Promise<void>[] {
  const files = output.files?.(copies.length);
  if (files) return copies.map(async (copy, i) => void (await copy(files[i] as string)));
  const sinks = output.open(copies.length);
  return copies.map((copy, i) =>
    copyThrough(pipes[i] as string, fifos, sinks[i] as ByteSink, async (path) => void (await copy(path))),
  );
}

interface DuckDbOutcome {
  readonly accepted: number;
  readonly structural: number;
  readonly badValues: number;
  readonly unplaced: number;
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
  columns: readonly OutputColumn[],
  scratch: Scratch,
  outputs: EngineOutputs & { quarantine: Quarantine },
  options: EngineOptions,
): Promise<DuckDbOutcome> {
  const db = await openDb();
  const parts = scratch.ndjson.length;
  // One for the CSV pass and the bad rows, one for the Parquet, one per NDJSON part.
  const connections = await Promise.all(Array.from({ length: parts + 2 }, () => db.connect()));
  const [connection, ...outputConnections] = connections as [DuckDBConnection, ...DuckDBConnection[]];
  const sources: BadRowSources = { ...read, staging: scratch.staging };
  try {
    // Timestamps without an offset are UTC, and NDJSON renders them in UTC, wherever this runs.
    for (const c of connections) await c.run(`SET TimeZone = 'UTC'`);
    const { accepted, structural } = await timed('csv-to-staging', options, () =>
      stageRows(connection, read, scratch, options),
    );
    const ranges = rowRanges(accepted, parts);
    // Both are awaited before either failure is thrown: neither outlives the instance.
    const [written, quarantined] = await Promise.allSettled([
      timed('outputs', options, () =>
        writeOutputs(outputConnections, columns, scratch, outputs, ranges, options),
      ),
      timed('quarantine', options, () => findAndQuarantine(connection, sources, staged, outputs.quarantine)),
    ]);
    if (written.status === 'rejected') throw written.reason;
    if (quarantined.status === 'rejected') throw quarantined.reason;
    return { accepted, structural, ...quarantined.value };
  } finally {
    for (const c of connections) c.closeSync();
    db.closeSync();
  }
}

/** Staged, read and converted in the scratch folder, every output finished; or every output aborted. */
async function convertIn(
  openDb: () => Promise<DuckDBInstance>,
  input: EngineInput,
  outputs: EngineOutputs,
  scratch: Scratch,
  quarantine: Quarantine,
  options: EngineOptions,
): Promise<EngineResult> {
  const staged = await timed('stage', options, () =>
    stageCsv(input.source, join(scratch.dir, 'input.csv'), { decode: input.decode, dialect: input.dialect }),
  );
  const resolved = resolveColumns(
    input.dataset,
    input.dialect,
    staged.head,
    staged.complete,
    options.sampleRows,
    input.tableTypes,
  );
  const outputColumns = (await input.outputColumns?.(resolved.columns)) ?? fileOrder(resolved.columns);
  const id = `${process.pid}_${(jobs += 1)}`;
  const read: ReadOptions = {
    path: staged.path,
    columns: resolved.columns,
    notes: resolved.notes,
    rules: resolved.source,
    parse: input.dialect,
    rejectsTable: `rejects_${id}`,
    rejectsScan: `scans_${id}`,
    maxLineBytes: options.maxLineBytes,
  };
  const outcome = await runDuckDb(
    openDb,
    staged,
    read,
    outputColumns,
    scratch,
    { ...outputs, quarantine },
    options,
  );
  const [parquet, ndjson, rejectedRows] = await Promise.all([
    outputs.parquet.finish(),
    outputs.ndjson.finish(),
    quarantine.finish(),
  ]);
  return {
    rowsRead: outcome.accepted + outcome.structural,
    rowsWritten: outcome.accepted - outcome.badValues,
    rowsRejected: quarantine.count,
    columns: resolved.columns,
    schemaSource: resolved.source,
    unplacedRejects: outcome.unplaced,
    written: {
      parquet: parquet as WrittenObject,
      ndjson: ndjson as WrittenObject,
      ...(rejectedRows ? { rejectedRows } : {}),
    },
  };
}

/**
 * Converts one CSV into the outputs and quarantines its bad rows. DuckDB runs on an instance opened
 * for this file and closed when it is done, which gives its memory back; the scratch folder goes too.
 */
export async function convertCsv(
  openDb: () => Promise<DuckDBInstance>,
  input: EngineInput,
  outputs: EngineOutputs,
  options: EngineOptions,
): Promise<EngineResult> {
  const dir = await mkdtemp(join(options.workDir, 'etl-'));
  const quarantine = new Quarantine(outputs.rejectedRows);
  try {
    const scratch = await makeScratch(dir, Math.max(1, options.threads));
    return await convertIn(openDb, input, outputs, scratch, quarantine, options);
  } catch (error) {
    await Promise.all([outputs.parquet.abort(), outputs.ndjson.abort(), quarantine.abort()]);
    throw await classifyFailure(error, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
