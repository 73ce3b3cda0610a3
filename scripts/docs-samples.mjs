#!/usr/bin/env node
/**
 * `pnpm docs:samples`: regenerates the sample outputs embedded in the docs from a real run.
 *
 * Runs `pnpm start -- --json --cost --budget` (the demo set on the local emulated cloud; needs what
 * `pnpm start` needs: terraform, its provider or TF_PLUGIN_DIR, moto or Docker) and rewrites each
 * block between `<!-- sample:start NAME -->` and `<!-- sample:end -->`:
 *
 * - `quickstart` (README.md): one line per input, then the input totals;
 * - `cost` (docs/cost.md): the cost table per pipeline.
 *
 * `--from FILE` renders from a report saved earlier (`pnpm start -- --json --cost > FILE`) instead
 * of running.
 *
 * `--queries` writes the `queries` sample (apps/etl/README.md) instead: QUERIES, each run by
 * `pnpm query` against the local cloud the last `AWS_ENDPOINT_URL=... pnpm start` left at
 * AWS_ENDPOINT_URL, with its output as printed. infra/tests/unit/docs.test.ts checks that every block
 * exists and parses.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where each sample lives. */
export const SAMPLES = { quickstart: 'README.md', cost: 'docs/cost.md' };
/** Where the queries sample lives (`--queries`). */
export const QUERY_SAMPLES = { queries: 'apps/etl/README.md' };

/** The example queries over the demo data: each valid in DuckDB and in Athena. The first is pnpm start's. */
export const QUERIES = [
  'SELECT count(*) AS orders, count(*) FILTER (WHERE shipped) AS shipped, sum(amount) AS amount, min(ingest_date) AS ingest_date FROM orders',
  'SELECT customer, count(*) AS orders, sum(amount) AS amount FROM orders GROUP BY customer ORDER BY amount DESC LIMIT 3',
  "SELECT date_trunc('week', ordered_at) AS week, count(*) AS orders, count(note) AS with_note FROM orders GROUP BY 1 ORDER BY 1",
];

function runReport() {
  process.stderr.write('running pnpm start -- --json --cost --budget (about 3 minutes)\n');
  const run = spawnSync('pnpm', ['start', '--', '--json', '--cost', '--budget'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`pnpm start exited ${run.status}: no samples written`);
  return run.stdout;
}

/** The JSON report in `pnpm start -- --json`'s stdout, after pnpm's and turbo's own lines. */
export function parseReport(stdout) {
  const start = stdout.search(/^\{/m);
  if (start < 0) throw new Error('no JSON report in the output of pnpm start -- --json');
  return JSON.parse(stdout.slice(start));
}

const pad = (cells, widths) =>
  cells
    .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
    .join('  ')
    .trimEnd();

function columns(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => pad(row, widths));
}

/** One line per input (`outcome pipeline input detail`), sorted as the run's table, then the totals. */
export function quickstartSample(report) {
  const inputs = [...report.inputs].sort(
    (a, b) => a.input.localeCompare(b.input) || a.pipeline.localeCompare(b.pipeline),
  );
  const lines = columns(inputs.map((v) => [v.outcome, v.pipeline, v.input, v.detail]));
  const totals = Object.entries(report.totals.inputs)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  return ['```text', ...lines, `inputs: ${totals}`, '```'].join('\n');
}

const dollars = (n) => (n === undefined || n === null ? '-' : `$${n.toFixed(2)}`);

/** The cost table: per pipeline, at the deployed memory, and the cheapest memory keeping 20% headroom. */
export function costSample(report) {
  if (report.cost === undefined) throw new Error('the report has no cost section: run with --cost');
  const header = [
    'pipeline',
    'invocations',
    'memory',
    'p99 ms',
    'peak MB',
    'total $/M',
    'cheapest memory ($/M)',
  ];
  const rows = report.cost.rows.map(({ pipeline, shape, cost, recommended }) => [
    pipeline,
    String(cost.invocations),
    `${shape.memoryMb} MB ${shape.architecture}`,
    String(Math.round(cost.p99DurationMs)),
    String(Math.round(cost.peakRssMb)),
    dollars(cost.perMillion.total),
    recommended.memoryMb === undefined
      ? '-'
      : `${recommended.memoryMb} MB (${dollars(recommended.perMillion)})`,
  ]);
  return ['```text', ...columns([header, ...rows]), '```'].join('\n');
}

/** `text` with the block named `name` replaced by `body`; throws when its markers are missing. */
export function replaceSample(text, name, body) {
  const start = `<!-- sample:start ${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf('<!-- sample:end -->', from);
  if (from < 0 || to < 0) throw new Error(`no ${start} ... <!-- sample:end --> block`);
  return `${text.slice(0, from + start.length)}\n\n${body}\n\n${text.slice(to)}`;
}

/** Each of QUERIES run by `pnpm query` at AWS_ENDPOINT_URL: `$ pnpm -s query -- "SQL"`, then its output. */
function runQueries() {
  if (!process.env.AWS_ENDPOINT_URL)
    throw new Error(
      '--queries reads a local cloud: AWS_ENDPOINT_URL=... pnpm start first, then the same for this',
    );
  return QUERIES.map((sql) => {
    const run = spawnSync('pnpm', ['-s', 'query', '--', sql], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`pnpm query exited ${run.status} on ${sql}:\n${run.stderr}`);
    return { sql, output: run.stdout.trimEnd() };
  });
}

/** The queries sample: for each query its command line, then what it printed. */
export function queriesSample(runs) {
  const parts = runs.map(({ sql, output }) => `$ pnpm -s query -- "${sql}"\n${output}`);
  return ['```text', parts.join('\n\n'), '```'].join('\n');
}

function writeSamples(samples, bodies) {
  for (const [name, file] of Object.entries(samples)) {
    const path = join(ROOT, file);
    writeFileSync(path, replaceSample(readFileSync(path, 'utf8'), name, bodies[name]));
    process.stderr.write(`wrote the ${name} sample in ${file}\n`);
  }
}

function main() {
  const { values } = parseArgs({ options: { from: { type: 'string' }, queries: { type: 'boolean' } } });
  if (values.queries) return writeSamples(QUERY_SAMPLES, { queries: queriesSample(runQueries()) });
  const report = parseReport(values.from === undefined ? runReport() : readFileSync(values.from, 'utf8'));
  writeSamples(SAMPLES, { quickstart: quickstartSample(report), cost: costSample(report) });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
