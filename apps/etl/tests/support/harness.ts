import { createTestBucket, s3Event, testS3Client } from '@pipeline/testing';
import { definePipeline, MemoryLog } from '@pipeline/lambda-kit';
import type { Context } from 'aws-lambda';
import { loadConfig } from '../../src/config.js';
import { tmpdir } from 'node:os';
import { duckDbFactory } from '../../src/engine/duckdb.js';
import { etlPipeline } from '../../src/pipeline.js';
import { SYNTHETIC_SCHEMA } from '../fixtures/synthetic-csv.js';
import { upload } from './s3.js';

/** The datasets the integration tests configure, as infra would in DATASETS. */
export const TEST_DATASETS = [
  { name: 'sales', prefix: 'raw/sales', schema: SYNTHETIC_SCHEMA },
  { name: 'loose', prefix: 'raw/loose' },
  {
    name: 'edges',
    prefix: 'raw/edges',
    schema: {
      columns: [
        { name: 'big', type: 'int' },
        { name: 'f', type: 'float' },
        { name: 'd', type: 'date' },
        { name: 'ts', type: 'timestamp' },
        { name: 's', type: 'string' },
        { name: 'price', type: 'decimal', precision: 10, scale: 3 },
        { name: 'ok', type: 'bool' },
      ],
    },
    parse: { delimiter: ';', nullMarkers: ['NULL'] },
  },
];

/**
 * A source bucket, a destination bucket, and the etl handler wired to them with a recording log,
 * configured through the same environment variables infra sets.
 */
export async function etlHarness(env: Record<string, string> = {}) {
  const s3 = testS3Client();
  const source = await createTestBucket('etl-src', s3);
  const destination = await createTestBucket('etl-dst', s3);
  const config = loadConfig({
    DESTINATION_BUCKET: destination,
    SOURCE_PREFIX: 'raw',
    DATASETS: JSON.stringify(TEST_DATASETS),
    ...env,
  });
  const log = new MemoryLog();
  const duckdb = duckDbFactory({
    threads: config.duckdbThreads,
    memoryMb: config.duckdbMemoryMb,
    workDir: tmpdir(),
  });
  const handler = definePipeline(
    { ...etlPipeline, loadConfig: () => config },
    { env: {}, clients: { s3, duckdb }, log },
  );
  let invocations = 0;
  const invoke = (event: unknown) => handler(event, { awsRequestId: `req-${++invocations}` } as Context);
  /** Uploads `body` under `key` and delivers the S3 event for it. */
  const ingest = async (key: string, body: Buffer | string) => {
    const uploaded = await upload(s3, source, key, body);
    const summary = await invoke(s3Event([uploaded]));
    return { uploaded, summary };
  };
  return { s3, source, destination, config, log, invoke, ingest };
}

export type EtlHarness = Awaited<ReturnType<typeof etlHarness>>;
