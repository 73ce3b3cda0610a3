/**
 * `pnpm bench`: measures the etl designs against DuckDB's own CSV -> Parquet in the same run, on
 * generated CSVs (mixed types, quoted delimiters and newlines, 1% bad rows), then checks peak RSS
 * on a 1 GB file. Prints a table and writes bench-results/etl-bench.json.
 *
 *   pnpm bench [--compare-mb 200] [--rss-mb 1024] [--skip-rss] [--skip-js] [--skip-compare] [--skip-writers] [--skip-e2e]
 *
 * The etl-job rows gain the end-to-end run with uploads (etl-e2e-*: the function's processCsvObject
 * against the emulator, started here, with every transfer it makes) as columns of their own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportEmulatorEnv, startEmulator, type RunningEmulator } from '@pipeline/testing';
import { writeSyntheticCsv } from '../tests/fixtures/synthetic-csv.js';
import type { CandidateResult } from './candidates.js';

interface Measured extends CandidateResult {
  readonly peakRssMb: number;
  readonly inputMb: number;
  readonly mbPerSecond: number;
  readonly rowsPerSecond: number;
  readonly vsDuckdb1t?: number;
  /** The matching end-to-end run with uploads (etl-job rows only). */
  readonly e2e?: Measured;
}

const APP_DIR = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (flag: string, fallback: number): number => {
  const at = args.indexOf(flag);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const COMPARE_MB = option('--compare-mb', 200);
const RSS_MB = option('--rss-mb', 1024);
const COMPARE = [
  'duckdb-csv-parquet-1t',
  'duckdb-csv-parquet-2t',
  'etl-job-duckdb-1t',
  'etl-job-duckdb-2t',
  'etl-job-duckdb-2t-piped',
  ...(args.includes('--skip-js') ? [] : ['etl-job-js']),
  'parse-csv-parse',
  'parse-papaparse',
  'parse-udsv',
];
const WRITERS = ['writer-duckdb', 'writer-hyparquet-writer', 'writer-parquet-wasm'];
const RSS_CHECK = ['duckdb-csv-parquet-1t', 'etl-job-duckdb-1t', 'etl-job-duckdb-2t'];
const E2E = args.includes('--skip-e2e') ? [] : ['etl-e2e-duckdb-1t', 'etl-e2e-duckdb-2t'];

async function input(mb: number): Promise<{ path: string; rows: number; bad: number }> {
  const dir = join(tmpdir(), 'etl-bench');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `synthetic-${mb}mb.csv`);
  const meta = `${path}.json`;
  if (existsSync(meta) && existsSync(path))
    return {
      path,
      ...(JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(meta, 'utf8'))) as {
        rows: number;
        bad: number;
      }),
    };
  console.log(`generating ${path} ...`);
  const facts = await writeSyntheticCsv(path, { targetBytes: mb * 1_000_000, badEvery: 100, seed: 7 });
  await writeFile(meta, JSON.stringify({ rows: facts.rows, bad: facts.bad.length }));
  return { path, rows: facts.rows, bad: facts.bad.length };
}

async function measure(name: string, csv: string): Promise<Measured> {
  // Each candidate starts with no dirty pages of the previous one still being written back: the
  // writeback of a 1 GB job's outputs otherwise lands on whichever candidate runs next.
  spawnSync('sync');
  const work = await mkdtemp(join(tmpdir(), 'etl-bench-work-'));
  try {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/candidate.ts', name, csv, work], {
      cwd: APP_DIR,
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{'))
      throw new Error(`${name} failed (${child.status}): ${child.stderr.slice(-2000)}`);
    const result = JSON.parse(line) as CandidateResult & { peakRssMb: number };
    const inputMb = statSync(csv).size / 1_000_000;
    return {
      ...result,
      inputMb,
      mbPerSecond: inputMb / result.seconds,
      rowsPerSecond: result.rows / result.seconds,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Ratios to DuckDB 1-thread; each etl-e2e result becomes the `e2e` of its etl-job row. */
function withRatios(results: Measured[]): Measured[] {
  const base = results.find((r) => r.name === 'duckdb-csv-parquet-1t');
  const ratio = (r: Measured): Measured => ({
    ...r,
    vsDuckdb1t: base ? base.seconds / r.seconds : undefined,
  });
  const e2e = new Map(results.filter((r) => r.name.startsWith('etl-e2e-')).map((r) => [r.name, ratio(r)]));
  return results
    .filter((r) => !r.name.startsWith('etl-e2e-'))
    .map((r) => ({ ...ratio(r), e2e: e2e.get(r.name.replace('etl-job-', 'etl-e2e-')) }));
}

function table(title: string, results: Measured[]): string {
  const rows = results.map((r) =>
    [
      r.name.padEnd(24),
      r.inputMb.toFixed(0).padStart(6),
      r.seconds.toFixed(2).padStart(8),
      r.mbPerSecond.toFixed(1).padStart(8),
      Math.round(r.rowsPerSecond).toLocaleString('en').padStart(11),
      String(r.peakRssMb).padStart(8),
      (r.vsDuckdb1t?.toFixed(2) ?? '').padStart(8),
      (r.e2e?.seconds.toFixed(2) ?? '').padStart(8),
      (r.e2e ? String(r.e2e.peakRssMb) : '').padStart(7),
      (r.e2e?.vsDuckdb1t?.toFixed(2) ?? '').padStart(7),
    ].join(' '),
  );
  return [
    title,
    `${'candidate'.padEnd(24)} ${'MB'.padStart(6)} ${'seconds'.padStart(8)} ${'MB/s'.padStart(8)} ${'rows/s'.padStart(11)} ${'RSS MB'.padStart(8)} ${'x DuckDB'.padStart(8)} ${'e2e s'.padStart(8)} ${'e2e RSS'.padStart(7)} ${'e2e x'.padStart(7)}`,
    ...rows,
  ].join('\n');
}

async function emulator(): Promise<RunningEmulator | undefined> {
  if (E2E.length === 0) return undefined;
  const running = await startEmulator();
  exportEmulatorEnv(running);
  console.log(running.description);
  return running;
}

async function main(): Promise<void> {
  const running = await emulator();
  try {
    await measureAll();
  } finally {
    await running?.stop();
  }
}

async function measureAll(): Promise<void> {
  const compareInput = await input(COMPARE_MB);
  const compared: Measured[] = [];
  for (const name of args.includes('--skip-compare') ? [] : [...COMPARE, ...E2E]) {
    process.stdout.write(`  ${name} ... `);
    compared.push(await measure(name, compareInput.path));
    console.log(`${compared.at(-1)?.seconds.toFixed(2)} s`);
  }
  const comparison = withRatios(compared);
  console.log(
    `\n${table(`CSV ${COMPARE_MB} MB (${compareInput.rows} rows, ${compareInput.bad} bad); x DuckDB = DuckDB 1-thread CSV->Parquet seconds / candidate seconds`, comparison)}`,
  );
  const writers: Measured[] = [];
  for (const name of args.includes('--skip-writers') ? [] : WRITERS)
    writers.push(await measure(name, compareInput.path));
  if (writers.length) {
    console.log(
      '\nParquet writers, the same 1,000,000 typed rows (7 columns, SNAPPY, row groups of 100,000); only the write is timed',
    );
    for (const w of writers)
      console.log(
        `${w.name.padEnd(26)} ${w.seconds.toFixed(2).padStart(7)} s ${Math.round(w.rowsPerSecond).toLocaleString('en').padStart(11)} rows/s ${String(w.peakRssMb).padStart(6)} MB RSS`,
      );
  }
  let rss: Measured[] = [];
  if (!args.includes('--skip-rss')) {
    const rssInput = await input(RSS_MB);
    const measured: Measured[] = [];
    for (const name of [...RSS_CHECK, ...E2E]) measured.push(await measure(name, rssInput.path));
    rss = withRatios(measured);
    console.log(`\n${table(`CSV ${RSS_MB} MB (${rssInput.rows} rows): peak RSS`, rss)}`);
  }
  // As deployed: two vCPUs (infra gives the function 3584 MB), so DUCKDB_THREADS defaults to 2.
  const job = comparison.find((r) => r.name === 'etl-job-duckdb-2t');
  const bigJob = rss.find((r) => r.name === 'etl-job-duckdb-2t');
  const verdict = {
    throughputVsDuckdb1t: job?.vsDuckdb1t,
    throughputVsDuckdb1tAt1GB: bigJob?.vsDuckdb1t,
    endToEndSecondsAt1GB: bigJob?.e2e?.seconds,
    endToEndMbPerSecondAt1GB: bigJob?.e2e?.mbPerSecond,
    throughputTarget: 0.5,
    peakRssMbAt1GB: rss.length
      ? Math.max(
          ...rss
            .filter((r) => r.name.startsWith('etl-job'))
            .flatMap((r) => [r.peakRssMb, r.e2e?.peakRssMb ?? 0]),
        )
      : undefined,
    rssTargetMb: 512,
  };
  console.log(`\nverdict: ${JSON.stringify(verdict)}`);
  const report = {
    command: `pnpm bench ${args.join(' ')}`.trim(),
    when: new Date().toISOString(),
    machine: { cpus: cpus().length, loadavg: loadavg(), node: process.version },
    comparison,
    writers,
    rss,
    verdict,
  };
  await mkdir(join(APP_DIR, 'bench-results'), { recursive: true });
  await writeFile(join(APP_DIR, 'bench-results', 'etl-bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log('written bench-results/etl-bench.json');
}

await main();
