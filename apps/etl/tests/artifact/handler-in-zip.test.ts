import { countByKind, outcomesFromLogs } from '@pipeline/lambda-kit';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { elfMachineFor, inspectZip, unpackArtifact } from '@pipeline/lambda-packager';
import {
  cleanupTestBuckets,
  createTestBucket,
  emfTotals,
  readBody,
  s3Event,
  testS3Client,
} from '@pipeline/testing';
import { SYNTHETIC_SCHEMA, writeSyntheticCsv } from '../fixtures/synthetic-csv.js';
import { glueTable } from '../support/catalog.js';
import { readFile } from 'node:fs/promises';
import { readParquet } from '../support/duckdb.js';
import { builtZip } from '../support/artifacts.js';
import { invokeUnderRole, testGlueDatabase, TEST_DATASETS } from '../support/harness.js';
import { listKeys, manifestOf, readJson, rejectionOf, stemOf, upload } from '../support/s3.js';

// What ships is what is tested: the x86_64 zip (the one this machine can execute), unzipped into
// a folder with no node_modules above it, run by a fresh `node` with real S3 events on the emulator.
const s3 = testS3Client();
let workDir: string;
let functionDir: string;
let source: string;
let destination: string;
let env: Record<string, string>;

beforeAll(async () => {
  ({ root: workDir, taskDir: functionDir } = await unpackArtifact(await builtZip('x86_64'), 'etl-artifact'));
  source = await createTestBucket('etl-art-src', s3);
  destination = await createTestBucket('etl-art-dst', s3);
  env = {
    DESTINATION_BUCKET: destination,
    SOURCE_PREFIX: 'raw',
    DATASETS: JSON.stringify(TEST_DATASETS),
    LOG_LEVEL: 'INFO',
    WORK_DIR: workDir,
    DUCKDB_THREADS: '2',
    DUCKDB_MEMORY_LIMIT_MB: '128',
    // The zip's Glue client keeps the datasets' tables, under the role's Glue grants.
    GLUE_DATABASE: await testGlueDatabase(),
    GLUE_PARTITIONS_FROM: '2026-01-01',
  };
});

afterAll(async () => {
  await cleanupTestBuckets(s3);
  await rm(workDir, { recursive: true, force: true });
});

const cpu = { arm64: 'arm64', x86_64: 'x64' } as const;
const other = { arm64: 'x64', x86_64: 'arm64' } as const;

describe.each(['arm64', 'x86_64'] as const)('artifacts/etl-%s.zip', (arch) => {
  it(`carries DuckDB's native binding for ${arch} only, as real ELF files for that machine`, async () => {
    const zip = await inspectZip(await builtZip(arch));
    const paths = zip.entries.map((entry) => entry.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'index.js',
        'index.js.map',
        'package.json',
        'node_modules/@duckdb/node-api/package.json',
      ]),
    );
    expect(Object.keys(zip.nativeBinaries)).toEqual(
      expect.arrayContaining([`node_modules/@duckdb/node-bindings-linux-${cpu[arch]}/duckdb.node`]),
    );
    expect(new Set(Object.values(zip.nativeBinaries))).toEqual(new Set([elfMachineFor(arch)]));
    expect(paths.filter((path) => path.includes(`linux-${other[arch]}`))).toEqual([]);
    expect(zip.entries.filter((entry) => entry.isSymlink || entry.isDirectory)).toEqual([]);
  });
});

describe('the x86_64 artifact, unzipped and run in a fresh Node process', () => {
  it('converts a real upload from a real S3 event: Parquet read back by DuckDB, quarantine, manifest', async () => {
    const csv = join(workDir, 'orders.csv');
    const facts = await writeSyntheticCsv(csv, { rows: 5_000, badEvery: 250 });
    const uploaded = await upload(s3, source, 'raw/sales/2025/orders été+1.csv', await readFile(csv));
    const run = await invokeUnderRole(functionDir, s3Event([uploaded]), env);

    expect(run.error).toBeUndefined();
    const outcomes = outcomesFromLogs(run.logs);
    expect(run.summary).toEqual({ outcomes });
    expect(countByKind(outcomes)).toEqual({ written: 1 });
    // The zip's Glue client made the dataset's table, with the declared columns.
    expect((await glueTable(env['GLUE_DATABASE']!, 'sales')).columns.map((c) => c.name)).toEqual(
      SYNTHETIC_SCHEMA.columns.map((c) => c.name),
    );
    expect(run.nativeModules).toEqual([
      join(functionDir, 'node_modules/@duckdb/node-bindings-linux-x64/duckdb.node'),
    ]);
    expect(emfTotals(run.logs)).toMatchObject({
      ObjectsWritten: 1,
      RowsRead: facts.rows,
      RowsWritten: facts.goodRows,
      RowsRejected: facts.bad.length,
    });
    expect(outcomes[0]).toMatchObject({
      action: 'converted',
      source: { key: 'raw/sales/2025/orders été+1.csv' },
      measures: { rowsRead: facts.rows, rowsWritten: facts.goodRows, rowsRejected: facts.bad.length },
    });

    const stem = stemOf('raw/sales/2025/orders été+1.csv', uploaded.eTag as string);
    const manifestKey = manifestOf('sales', 'raw/sales/2025/orders été+1.csv');
    const keys = await listKeys(s3, destination);
    const parquetKey = keys.find((key) => key.endsWith(`/${stem}.parquet`)) as string;
    expect(parquetKey).toMatch(/^curated\/sales\/ingest_date=\d{4}-\d{2}-\d{2}\//);
    expect(keys).toContain(`rejected/sales/${stem}.csv`);
    // The record lists every object written, and nothing else.
    expect(outcomes[0]?.written.map((o) => o.key).sort()).toEqual(
      keys.filter((key) => key.includes(stem) || key === manifestKey).sort(),
    );
    const parquet = await readParquet(await readBody(s3, destination, parquetKey));
    expect(parquet.count).toBe(facts.goodRows);
    expect(parquet.types['created_at']).toBe('TIMESTAMP WITH TIME ZONE');
    const manifest = await readJson(s3, destination, manifestKey);
    expect(manifest['rows']).toEqual({
      read: facts.rows,
      written: facts.goodRows,
      rejected: facts.bad.length,
    });
  });

  it('rejects an unreadable file whole, from the artifact too', async () => {
    const uploaded = await upload(s3, source, 'raw/sales/latin1.csv', Buffer.from('id\ncaf\xe9\n', 'latin1'));
    const run = await invokeUnderRole(functionDir, s3Event([uploaded]), env);
    expect(countByKind(outcomesFromLogs(run.logs))).toEqual({ rejected: 1 });
    const record = await readJson<{ error: { code: string } }>(
      s3,
      destination,
      rejectionOf('sales', 'raw/sales/latin1.csv'),
    );
    expect(record.error.code).toBe('NOT_UTF8');
  });
});
