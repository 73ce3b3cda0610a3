/**
 * End to end: `pnpm start`'s runner (the real CLI, in a child process) deploys the local stack to its
 * own moto server with terraform, runs the demo set and then a folder of generated files through the
 * deployed artifacts, and every input must reach exactly one outcome per pipeline.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { findMotoCommand, startMotoServer, type RunningMoto } from '@pipeline/testing';
import sharp from 'sharp';
import { describeWithTerraform } from '@pipeline/infra/testing';
import type { OutcomeKind } from '@pipeline/lambda-kit';
import { demoOrdersCsv } from '../src/demo-inputs.js';

interface Row {
  input: string;
  key: string;
  pipeline: string;
  outcome: OutcomeKind;
  code?: string;
  outputs: { bucket: string; key: string; bytes?: number }[];
  attempts: number;
}
interface Report {
  results: Row[];
  missing: unknown[];
  totals: Record<string, number>;
}

const PACKAGE = join(__dirname, '..');
const suite = describeWithTerraform('the local cloud end-to-end test');

function runCli(
  endpoint: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(PACKAGE, 'node_modules', '.bin', 'tsx'), ['src/main.ts', ...args], {
      cwd: PACKAGE,
      env: { ...process.env, AWS_ENDPOINT_URL: endpoint, INIT_CWD: PACKAGE },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function rowsFor(report: Report, fileName: string): Row[] {
  return report.results.filter((r) => r.key.endsWith(fileName));
}

async function parquetRowCount(file: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM read_parquet('${file.replace(/'/g, "''")}')`,
  );
  return Number(reader.getRowObjects()[0]?.n);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

suite('pnpm start on the emulator', () => {
  let moto: RunningMoto;
  const work = mkdtempSync(join(tmpdir(), 'local-cloud-e2e-'));
  beforeAll(async () => {
    const command = await findMotoCommand();
    if (command === undefined) throw new Error('moto server is needed for the local cloud end-to-end test');
    moto = await startMotoServer(command);
  });
  afterAll(() => moto?.stop());

  let demo: Report;
  const demoOut = join(work, 'demo-out');

  it('runs the demo set to a full table: every input one outcome per pipeline', async () => {
    const run = await runCli(moto.endpoint, ['--json', '--out', demoOut, '--timeout', '240']);
    if (run.code !== 0) throw new Error(`pnpm start failed (${run.code}):\n${run.stderr.slice(-4000)}`);
    demo = JSON.parse(run.stdout) as Report;
    expect(demo.missing).toEqual([]);
    // 7 demo files all go to copy; 5 images to resize; 1 CSV to etl.
    expect(demo.results.filter((r) => r.pipeline === 'copy')).toHaveLength(7);
    expect(demo.results.filter((r) => r.pipeline === 'resize')).toHaveLength(5);
    expect(demo.results.filter((r) => r.pipeline === 'etl')).toHaveLength(1);
    const keys = demo.results.map((r) => `${r.pipeline} ${r.key}`);
    expect(new Set(keys).size).toBe(keys.length);
  }, 420_000);

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
    expect(corrupt).toMatchObject({ outcome: 'rejected', attempts: 1 });
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

  it('copies the large binary whole', () => {
    const copied = filesUnder(demoOut).find((f) => f.endsWith('archive.bin'));
    expect(copied).toBeDefined();
    expect(readFileSync(copied as string).length).toBe(24 * 1024 * 1024);
  });

  it('processes a folder given with --input, and sends an injected transient fault to the failure queue', async () => {
    const input = join(work, 'input');
    mkdirSync(join(input, 'a b'), { recursive: true });
    mkdirSync(join(input, 'events'), { recursive: true });
    writeFileSync(
      join(input, 'a b', 'photo+1.png'),
      await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3060a0' } })
        .png()
        .toBuffer(),
    );
    writeFileSync(
      join(input, 'events', 'clicks.csv'),
      'user,page,at\nu1,/home,2026-11-01T00:00:00Z\nu2,/cart,2026-11-01T00:01:00Z\n',
    );
    writeFileSync(join(input, 'notes-inject-fault.txt'), 'this copy meets an unreachable S3 endpoint');
    const out = join(work, 'input-out');
    const run = await runCli(moto.endpoint, [
      '--json',
      '--input',
      input,
      '--out',
      out,
      '--inject-fault',
      'inject-fault',
      '--timeout',
      '240',
    ]);
    if (run.code !== 0)
      throw new Error(`pnpm start --input failed (${run.code}):\n${run.stderr.slice(-4000)}`);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.missing).toEqual([]);
    expect(report.results).toHaveLength(3 + 1 + 1);
    expect(
      rowsFor(report, 'photo+1.png')
        .map((r) => r.outcome)
        .sort(),
    ).toEqual(['written', 'written']);
    const [faulty] = rowsFor(report, 'notes-inject-fault.txt');
    expect(faulty).toMatchObject({ outcome: 'failed', attempts: 3 });
    const failures = filesUnder(join(out, '_failure-destinations')).map(
      (f) =>
        JSON.parse(readFileSync(f, 'utf8')) as {
          requestContext: { condition: string };
          requestPayload: { Records: { s3: { object: { key: string } } }[] };
        },
    );
    expect(failures).toHaveLength(1);
    expect(failures[0]?.requestContext.condition).toBe('RetriesExhausted');
    expect(failures[0]?.requestPayload.Records[0]?.s3.object.key).toContain('notes-inject-fault.txt');
  }, 420_000);
});
