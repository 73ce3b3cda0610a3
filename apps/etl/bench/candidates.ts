/**
 * One bench candidate, run in its own process so its peak RSS is its own:
 *   node --import tsx bench/candidate.ts <name> <csv> <workdir>
 * Prints one JSON line: { name, seconds, rows, peakRssMb, detail }.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DEFAULT_MAX_RECORD_BYTES, DEFAULT_ROW_GROUP_ROWS, defaultDuckDbMemoryMb } from '../src/config.js';
import { dialectFor, parseDatasets, type DatasetSpec } from '../src/dataset-config.js';
import { duckDbFactory } from '../src/engine/duckdb.js';
import { convertCsv } from '../src/engine/engine.js';
import { SYNTHETIC_SCHEMA } from '../tests/fixtures/synthetic-csv.js';
import { decodedText, NO_LIMITS } from './decoded-text.js';
import { endToEnd } from './end-to-end.js';
import { fileOutput, fileSinks } from './file-sinks.js';
import { ingestCsv } from './js-pipeline/ingest.js';
import { timeWriter } from './writers.js';

/** Rows each Parquet writer writes in the writer comparison. */
const WRITER_ROWS = 1_000_000;

export interface CandidateResult {
  readonly name: string;
  readonly seconds: number;
  readonly rows: number;
  readonly detail?: Record<string, unknown>;
}

const require = createRequire(join(process.cwd(), 'package.json'));
const dataset = (): DatasetSpec =>
  parseDatasets(
    JSON.stringify([{ name: 'bench', prefix: 'raw/bench', schema: SYNTHETIC_SCHEMA }]),
  )[0] as DatasetSpec;
const DUCK_TYPES =
  "{'id':'BIGINT','name':'VARCHAR','city':'VARCHAR','amount':'DECIMAL(12,2)','score':'DOUBLE','active':'BOOLEAN','birth_date':'DATE','created_at':'TIMESTAMPTZ','qty':'BIGINT','note':'VARCHAR'}";

async function timed(
  name: string,
  run: () => Promise<{ rows: number; detail?: Record<string, unknown> }>,
): Promise<CandidateResult> {
  const started = performance.now();
  const { rows, detail } = await run();
  return { name, seconds: (performance.now() - started) / 1000, rows, detail };
}

/** The baseline: DuckDB's own CSV -> Parquet on the same file, bad rows skipped. */
async function duckdbBaseline(csv: string, work: string, threads: number): Promise<{ rows: number }> {
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await db.connect();
  const out = join(work, `baseline-${threads}.parquet`);
  await connection.run(
    `COPY (SELECT * FROM read_csv('${csv}', header=true, columns=${DUCK_TYPES}, ignore_errors=true)) TO '${out}' (FORMAT parquet, COMPRESSION snappy)`,
  );
  const reader = await connection.runAndReadAll(`SELECT count(*) FROM read_parquet('${out}')`);
  return { rows: Number(reader.getRows()[0]?.[0]) };
}

/** The chosen design, whole job on local files: stage (decode, validate, normalize), convert, quarantine. */
async function etlJob(
  csv: string,
  work: string,
  threads: number,
  direct = true,
): Promise<{ rows: number; detail: Record<string, unknown> }> {
  const openDb = duckDbFactory({ threads, memoryMb: defaultDuckDbMemoryMb(threads), workDir: work });
  const steps: Record<string, number> = {};
  const onStep = (step: string, ms: number) => {
    steps[step] = ms;
  };
  const spec = dataset();
  const input = {
    source: createReadStream(csv, { highWaterMark: 1 << 20 }),
    decode: { gzipped: false, encoding: 'utf-8' as const, limits: NO_LIMITS },
    dataset: spec,
    dialect: dialectFor(spec.parse, csv),
  };
  const outputs = {
    parquet: fileOutput(join(work, 'out.parquet'), direct),
    ndjson: fileOutput(join(work, 'out.ndjson'), direct),
    rejectedRows: fileOutput(join(work, 'rejected.csv')),
  };
  const result = await convertCsv(openDb, input, outputs, {
    rowGroupRows: DEFAULT_ROW_GROUP_ROWS,
    threads,
    sampleRows: 1_000,
    maxLineBytes: DEFAULT_MAX_RECORD_BYTES,
    workDir: work,
    onStep,
  });
  const stepsMs = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Math.round(v)]));
  const bytes = Object.fromEntries(Object.entries(result.written).map(([k, v]) => [k, v?.bytes]));
  return {
    rows: result.rowsRead,
    detail: { written: result.rowsWritten, rejected: result.rowsRejected, bytes, stepsMs },
  };
}

/** The alternative design: Papa Parse -> typed rows in JS -> hyparquet-writer + NDJSON. */
async function jsPipeline(
  csv: string,
  work: string,
): Promise<{ rows: number; detail: Record<string, unknown> }> {
  const result = await ingestCsv(
    decodedText(createReadStream(csv, { highWaterMark: 1 << 20 })),
    dataset(),
    fileSinks(work, 'js'),
    { rowGroupRows: 50_000, sampleRows: 1_000, maxRecordChars: 8 << 20 },
  );
  return {
    rows: result.rowsRead,
    detail: { written: result.rowsWritten, rejected: result.rowsRejected, bytes: result.bytes },
  };
}

type Papa = typeof import('papaparse');

/** Parse-only throughput of the CSV parsers considered for the JS design. */
async function parseOnly(
  parser: string,
  csv: string,
): Promise<{ rows: number; detail?: Record<string, unknown> }> {
  let rows = 0;
  const text = () => createReadStream(csv, { encoding: 'utf8', highWaterMark: 1 << 20 });
  if (parser === 'papaparse') {
    const Papa = require('papaparse') as Papa;
    await new Promise<void>((resolve, reject) =>
      Papa.parse(text(), {
        chunk: (r: { data: unknown[] }) => void (rows += r.data.length),
        complete: () => resolve(),
        error: reject,
      }),
    );
  } else if (parser === 'csv-parse') {
    const { parse } = require('csv-parse') as typeof import('csv-parse');
    for await (const _row of createReadStream(csv, { highWaterMark: 1 << 20 }).pipe(
      parse({ relax_column_count: true }),
    ))
      rows += 1;
  } else {
    const { inferSchema, initParser } = require('udsv') as typeof import('udsv');
    let p: ReturnType<typeof initParser> | undefined;
    for await (const chunk of text()) {
      p ??= initParser(inferSchema(chunk as string, { col: ',', row: '\n', encl: '"' }));
      p.chunk<string[]>(chunk as string, p.stringArrs, () => void (rows += 1));
    }
    p?.end();
    return {
      rows,
      detail: { note: 'fixed column count: merges a short row into the next one (seen on ragged input)' },
    };
  }
  return { rows };
}

export async function runCandidate(name: string, csv: string, work: string): Promise<CandidateResult> {
  if (name === 'duckdb-csv-parquet-1t') return timed(name, () => duckdbBaseline(csv, work, 1));
  if (name === 'duckdb-csv-parquet-2t') return timed(name, () => duckdbBaseline(csv, work, 2));
  if (name === 'etl-job-duckdb-1t') return timed(name, () => etlJob(csv, work, 1));
  if (name === 'etl-job-duckdb-2t') return timed(name, () => etlJob(csv, work, 2));
  if (name === 'etl-job-duckdb-2t-piped') return timed(name, () => etlJob(csv, work, 2, false));
  if (name === 'etl-job-js') return timed(name, () => jsPipeline(csv, work));
  if (name === 'etl-e2e-duckdb-1t' || name === 'etl-e2e-duckdb-2t') {
    const { seconds, rows, detail } = await endToEnd(csv, work, name.endsWith('2t') ? 2 : 1);
    return { name, seconds, rows, detail };
  }
  if (name.startsWith('parse-')) return timed(name, () => parseOnly(name.slice('parse-'.length), csv));
  if (name.startsWith('writer-')) {
    const seconds = await timeWriter(name.slice('writer-'.length), WRITER_ROWS, work);
    return { name, seconds, rows: WRITER_ROWS };
  }
  throw new Error(`Unknown candidate ${name}`);
}
