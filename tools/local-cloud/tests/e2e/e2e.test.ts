/**
 * End to end: `pnpm start`'s runner (the real CLI, in a child process) starts its own moto server,
 * deploys the local stack to it with terraform and runs every invocation under its function's
 * deployed role with IAM enforced, as `pnpm start` does: first the demo set, then (on a fresh moto)
 * about 100 generated inputs under `--chaos` with injected faults and one denied grant, through the
 * deployed artifacts in warm environments. Every input must reach its outcome, checked against S3,
 * every faulted one the failure queue, and the denied one must fail with AccessDenied.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describeWithTerraform } from '@pipeline/infra/testing';
import { demoOrdersCsv } from '../../src/run/demo-inputs.js';
import { FAULT_MARKER } from '../../bench/mix.js';
import { runCli, type CliRun } from '../../bench/run-cli.js';
import { DENIED_FOLDER, writeChaosInput } from './chaos-input.js';
import { recomputedCost } from './cost-recompute.js';
import { operationsOnTheLocalCloud } from './operations.js';
import { filesUnder, parquetRowCount, rowsFor, type Report, type Row } from './run-report.js';
import {
  CHROMIUM,
  countsInHtml,
  openInChromium,
  pageCounts,
  reportCounts,
} from '../support/report-browser.js';

const PACKAGE = join(__dirname, '..', '..');
const suite = describeWithTerraform('the local cloud end-to-end test');

/** The CLI as a user runs it: it starts its own moto, so IAM is enforced. */
function cli(args: string[]): Promise<CliRun> {
  return runCli(PACKAGE, args);
}

const ENFORCED = 'IAM: enforced by moto: each function runs under its deployed role';

suite('pnpm start on the emulator', () => {
  const work = mkdtempSync(join(tmpdir(), 'local-cloud-e2e-'));

  let demo: Report;
  const demoOut = join(work, 'demo-out');
  const demoPage = join(work, 'demo-report.html');

  it('runs the demo set to a full table: every input one outcome per pipeline', async () => {
    // --cost, not --budget: the budget's duration rule would judge this machine's load (cost.test.ts
    // and budget-gate.test.ts test the gate with measures they are given).
    const run = await cli(['--json', '--out', demoOut, '--timeout', '240', '--cost', '--report', demoPage]);
    if (run.code !== 0) throw new Error(`pnpm start failed (${run.code}):\n${run.stderr.slice(-4000)}`);
    // Every invocation ran under its function's deployed role, with IAM enforced: least privilege held.
    expect(run.stderr).toContain(ENFORCED);
    // --json keeps the report alone on stdout and the progress on stderr (plain lines: stderr is a pipe).
    expect(run.stderr).toMatch(/^ {2}\d+\/\d+ events.*invocations\/s/m);
    demo = JSON.parse(run.stdout) as Report;
    expect(demo.totals.inputs.missing).toBe(0);
    expect(demo.inputs.flatMap((r) => r.problems)).toEqual([]);
    // 7 demo files all go to copy; 5 images to resize; 1 CSV to etl.
    expect(demo.inputs.filter((r) => r.pipeline === 'copy')).toHaveLength(7);
    expect(demo.inputs.filter((r) => r.pipeline === 'resize')).toHaveLength(5);
    expect(demo.inputs.filter((r) => r.pipeline === 'etl')).toHaveLength(1);
    const keys = demo.inputs.map((r) => `${r.pipeline} ${r.key}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Warm environments: no function started more environments than it had events.
    expect(demo.figures.coldStarts['pipeline-local-resize']).toBeLessThanOrEqual(5);
  }, 900_000); // a hang guard: a deploy on a busy 2-core machine has taken 3.5 min

  it('prices the run per pipeline from its measures (every figure recomputed here) and finds it within its memory budget', () => {
    const cost = demo.cost;
    expect(cost?.rows.map((r) => r.pipeline).sort()).toEqual(['copy', 'etl', 'resize']);
    for (const row of cost?.rows ?? []) {
      expect(row.measures.length).toBe(row.cost.invocations);
      expect(row.measures.every((m) => m.cpuMs > 0 && m.peakRssMb > 20)).toBe(true);
      const expected = recomputedCost(row);
      expect(row.cost.gbSecondsPerInvocation).toBeCloseTo(expected.gbSecondsPerInvocation, 12);
      expect(row.cost.p99DurationMs).toBe(expected.p99DurationMs);
      expect(row.cost.perMillion.lambda).toBeCloseTo(expected.lambda, 9);
      expect(row.cost.perMillion.s3Requests).toBeCloseTo(expected.s3Requests, 9);
      // Every invocation wrote its input's item once: one unit per started KB. A copy's item (one
      // output) is under 1 KB; an etl item lists four outputs with their versions and may pass it.
      const units = row.measures.map((m) => m.catalogWriteUnits);
      expect(units.every((u) => u === 1 || (row.pipeline !== 'copy' && u === 2))).toBe(true);
      expect(row.cost.perMillion.dynamodb).toBeCloseTo(expected.dynamodb, 9);
      expect(row.cost.storagePerMillionPerMonth).toBeCloseTo(expected.storage, 9);
    }
    // The demo's resize writes four variants per image: its S3 requests include four PUTs an input.
    const resize = cost?.rows.find((r) => r.pipeline === 'resize');
    expect(
      resize?.measures.filter((m) => (m.s3Requests['PutObject'] ?? 0) >= 4).length,
    ).toBeGreaterThanOrEqual(4);
    expect(cost?.overBudget.filter((v) => v.what === 'memory')).toEqual([]);
  });

  it("writes the HTML report (--report): its counts are the JSON report's (read in chromium where it is installed)", async () => {
    const counts = existsSync(CHROMIUM)
      ? (await openInChromium(demoPage, join(work, 'demo-report.png'))).counts
      : countsInHtml(readFileSync(demoPage, 'utf8'));
    expect(pageCounts(counts)).toEqual(reportCounts(demo));
  }, 120_000);

  it('renders the variants at the configured sizes', async () => {
    const [landscape] = rowsFor(demo, 'landscape 3000x2000.jpg').filter((r) => r.pipeline === 'resize');
    expect(landscape?.outcome).toBe('written');
    const thumbnail = filesUnder(demoOut).find(
      (f) => f.includes('thumbnail') && f.includes('landscape 3000x2000'),
    );
    expect(thumbnail).toBeDefined();
    const meta = await sharp(readFileSync(thumbnail as string)).metadata();
    expect([meta.width, meta.height]).toEqual([256, 171]);
  });

  it('rejects the corrupt image with a rejection record, without retrying', () => {
    const [corrupt] = rowsFor(demo, 'corrupt.jpg').filter((r) => r.pipeline === 'resize');
    expect(corrupt).toMatchObject({ outcome: 'rejected', deliveries: 1 });
    const [delivery] = demo.deliveries.filter(
      (d) => d.pipeline === 'resize' && d.key.endsWith('corrupt.jpg'),
    );
    expect(delivery?.attempts).toBe(1);
    const record = filesUnder(demoOut).find(
      (f) => f.includes('rejected') && f.includes('corrupt.jpg') && f.endsWith('.json'),
    );
    expect(record).toBeDefined();
    expect(JSON.parse(readFileSync(record as string, 'utf8'))).toMatchObject({
      error: { code: 'CORRUPT' },
      source: { key: 'uploads/photos/corrupt.jpg' },
    });
  });

  it('writes the CSV as Parquet with the good rows, read back by DuckDB', async () => {
    const [orders] = rowsFor(demo, 'orders-2026-11.csv').filter((r) => r.pipeline === 'etl');
    expect(orders?.outcome).toBe('written');
    const parquet = filesUnder(demoOut).find((f) => f.endsWith('.parquet') && f.includes('orders'));
    expect(parquet).toBeDefined();
    const dataRows = demoOrdersCsv().trim().split('\n').length - 1;
    expect(await parquetRowCount(parquet as string)).toBe(dataRows - 3);
  });

  it("answers the demo query over the curated data: its orders are the rows etl's outcome records say it wrote", () => {
    const written = demo.inputs
      .filter((r) => r.pipeline === 'etl' && r.outcome === 'written')
      .reduce((sum, r) => sum + (r.measures?.['rowsWritten'] ?? 0), 0);
    expect(written).toBeGreaterThan(0);
    expect(demo.demoQuery?.rowCount).toBe(1);
    expect(demo.demoQuery?.rows[0]?.['orders']).toBe(written);
  });

  it('copies the large binary whole', () => {
    const copied = filesUnder(demoOut).find((f) => f.endsWith('archive.bin'));
    expect(copied).toBeDefined();
    expect(readFileSync(copied as string).length).toBe(24 * 1024 * 1024);
  });

  it('runs about 100 inputs under --chaos with injected faults and a denied grant: every outcome checked, the faulted and denied ones in the failure queue', async () => {
    const input = join(work, 'chaos-input');
    const mix = await writeChaosInput(input);
    const out = join(work, 'chaos-out');
    const run = await cli([
      '--json',
      '--input',
      input,
      '--out',
      out,
      '--chaos',
      'e2e',
      '--fault-rate',
      '0.1',
      '--inject-fault',
      FAULT_MARKER,
      '--deny',
      `copy=s3:PutObject@copies/${DENIED_FOLDER}`,
      '--timeout',
      '240',
    ]);
    expect(run.stderr).toContain(ENFORCED);
    // Faulted inputs failed, so the run exits 1 and says which.
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `not settled: copy s3://pipeline-local-ingest/incoming/${mix.faulted[0]}: failed`,
    );
    const report = JSON.parse(run.stdout) as Report;
    expect(report.totals.inputs.missing).toBe(0);

    // Chaos happened: duplicates, second uploads, deletions, retried faults, crashed environments.
    const causes = new Set(report.deliveries.map((d) => d.cause));
    expect([...causes].sort()).toEqual(expect.arrayContaining(['duplicate', 'remove', 'reupload', 'upload']));
    // A deleted key's resize or etl input ended removed, its outputs gone and its item a tombstone
    // (the checks below: output-left, catalog-*); copy keeps its copies and is judged by the version deleted.
    expect(report.inputs.some((r) => r.outcome === 'removed')).toBe(true);
    expect(report.inputs.every((r) => r.catalog !== undefined || r.outcome === 'failed')).toBe(true);
    expect(report.deliveries.some((d) => d.attempts > 1 && d.outcome !== 'failed')).toBe(true);
    expect(report.figures.environmentsReplaced).toBeGreaterThan(0);

    // Every faulted input failed (each of its pipelines), and its record is in the failure queue.
    const faulted = report.inputs.filter((r) => r.key.includes(FAULT_MARKER));
    expect(faulted.length).toBeGreaterThanOrEqual(mix.faulted.length);
    for (const row of faulted) expect(row).toMatchObject({ outcome: 'failed' });
    const failures = filesUnder(join(out, '_failure-destinations')).map(
      (f) =>
        JSON.parse(readFileSync(f, 'utf8')) as {
          requestContext: { condition: string };
          requestPayload: { Records: { s3: { object: { key: string } } }[] };
        },
    );
    expect(failures.every((f) => f.requestContext.condition === 'RetriesExhausted')).toBe(true);
    const failedKeys = failures.map((f) =>
      decodeURIComponent(f.requestPayload.Records[0]?.s3.object.key ?? ''),
    );
    for (const row of faulted) expect(failedKeys.some((k) => k.replace(/\+/g, ' ') === row.key)).toBe(true);

    // The denied grant surfaced: copy's role may not write under copies/denied/, so that copy failed
    // with AccessDenied after its retries, and its record is in the failure queue.
    const [denied] = rowsFor(report, 'ledger.bin');
    expect(denied).toMatchObject({ pipeline: 'copy', outcome: 'failed' });
    expect(denied?.detail).toMatch(/ACCESS_DENIED.*AccessDenied \(HTTP 403\)/);
    expect(failedKeys).toContain(`incoming/${DENIED_FOLDER}ledger.bin`);

    // Chaos may fault or crash all three attempts of a delivery (10% of attempts fault, 2% crash): that
    // delivery fails as deployed, with the injected 503 or the kill, and its record is in the failure queue.
    const exhaustedByChaos = (row: Row): boolean =>
      row.outcome === 'failed' &&
      /S3_THROTTLED.*\(HTTP 503\)|signal SIGKILL/.test(row.detail) &&
      failedKeys.some((k) => k.replace(/\+/g, ' ') === row.key);
    const others = report.inputs.filter((r) => !r.key.includes(FAULT_MARKER) && r !== denied);
    expect(others.filter(exhaustedByChaos).length).toBeLessThanOrEqual(3);

    // Every other input ended written or rejected (the corrupt ones, by resize), removed (deleted), or
    // skipped as a duplicate (a retry after an attempt that was killed once its outputs were written: its
    // outputs are still checked against the current version), and every check passed.
    for (const row of others) {
      const end = row.outcome === 'skipped' ? `skipped ${row.detail}` : row.outcome;
      if (!/^(written|rejected|removed|skipped.*duplicate)/.test(end) && !exhaustedByChaos(row)) {
        const deliveries = report.deliveries.filter((d) => d.key === row.key && d.pipeline === row.pipeline);
        throw new Error(
          `${row.input} (${row.pipeline}) ended ${end}: ${JSON.stringify({ row, deliveries })}`,
        );
      }
      expect({ input: row.input, pipeline: row.pipeline, problems: row.problems }).toEqual({
        input: row.input,
        pipeline: row.pipeline,
        problems: [],
      });
    }
    // A key chaos deleted (and did not upload again) ends removed where its pipeline handles deletions.
    const removedByChaos = (row: Row | undefined): boolean =>
      row?.outcome === 'removed' &&
      report.deliveries.some((d) => d.key === row.key && d.pipeline === row.pipeline && d.cause === 'remove');
    for (const corrupt of mix.corrupt.filter((f) => f.startsWith('photos/'))) {
      const row = rowsFor(report, corrupt.slice('photos/'.length)).find((r) => r.pipeline === 'resize');
      if (!removedByChaos(row)) expect(row?.outcome).toMatch(/rejected|written/);
    }
    for (const row of rowsFor(report, 'photo+1.png'))
      if (!removedByChaos(row)) expect(row.outcome).toMatch(/^(written|skipped)$/);
    expect(rowsFor(report, 'photo+1.png')).toHaveLength(2);
    const clicks = rowsFor(report, 'clicks.csv').find((r) => r.pipeline === 'etl');
    if (!removedByChaos(clicks)) expect(clicks?.outcome).toBe('written');
  }, 900_000); // a hang guard: a deploy on a busy 2-core machine has taken 3.5 min

  operationsOnTheLocalCloud();
});
