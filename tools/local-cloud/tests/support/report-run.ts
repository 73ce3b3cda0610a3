/**
 * A small real run for the HTML report's tests, without terraform: the resize and etl zips as built
 * run in the runner's own warm environments (FunctionRuntime), events go through its EventDelivery
 * (triggers matched, outcome records read from the invocations' logs), and every input's verdict is
 * checked against the emulator's S3 (verify.ts), as `pnpm start` does. Images are generated with
 * sharp; one key holds markup, to prove the page escapes it.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { truncatedJpeg } from '@pipeline/image-core/testing';
import { findWorkspaceRoot, unpackArtifact, type UnpackedArtifact } from '@pipeline/lambda-packager';
import { createTestBucket, emulatorEndpoint, putObjectForEvent, testSqsClient } from '@pipeline/testing';
import sharp from 'sharp';
import { CALM } from '../../src/run/chaos.js';
import { costReport } from '../../src/cost/cost-report.js';
import { RunMeasures } from '../../src/cost/measures.js';
import { US_EAST_1_PRICES } from '../../src/cost/prices.js';
import { demoOrdersCsv } from '../../src/run/demo-inputs.js';
import { EventDelivery } from '../../src/run/event-delivery.js';
import { FunctionRuntime } from '../../src/run/function-runtime.js';
import { eventNameOfETag } from '../../src/run/object-watcher.js';
import type { RunReport } from '../../src/report/report.js';
import {
  bothListeners,
  InvocationTimeline,
  type InvocationSpan,
} from '../../src/report/html/invocation-timeline.js';
import { verifyInput } from '../../src/verify/verify.js';
import { localFunction } from './local-function.js';

/** A key holding markup and quotes: the page must show it as text. */
export const MARKUP_KEY = `uploads/<img src=x onerror="alert(1)"> & 'co'.png`;

export interface ReportRun {
  readonly report: RunReport;
  readonly timeline: readonly InvocationSpan[];
  readonly destination: string;
  cleanup(): Promise<void>;
}

async function gradient(width: number, height: number, format: 'jpeg' | 'png'): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="#1d6fa5"/><stop offset="1" stop-color="#f2b134"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#e15759"/></svg>`;
  const image = sharp(Buffer.from(svg));
  return format === 'jpeg' ? image.jpeg({ quality: 85 }).toBuffer() : image.png().toBuffer();
}

const SHAPE = { memoryMb: 1024, timeoutSeconds: 60, architecture: 'x86_64' as const };

/** Runs the resize and etl zips over three images, a corrupt one and a CSV with three bad rows. */
export async function reportRun(s3: S3Client): Promise<ReportRun> {
  const [source, destination] = await Promise.all([
    createTestBucket('report-src', s3),
    createTestBucket('report-dst', s3),
  ]);
  const artifact = (app: string): Promise<UnpackedArtifact> =>
    unpackArtifact(join(findWorkspaceRoot(), 'apps', app, 'artifacts', `${app}-x86_64.zip`), `report-${app}`);
  const [resizeCode, etlCode] = await Promise.all([artifact('resize'), artifact('etl')]);
  const resize = localFunction({
    pipeline: 'resize',
    name: 'report-test-resize',
    codeDir: resizeCode.taskDir,
    ...SHAPE,
    environment: { DESTINATION_BUCKET: destination, SOURCE_PREFIX: 'uploads' },
  });
  const etl = localFunction({
    pipeline: 'etl',
    name: 'report-test-etl',
    codeDir: etlCode.taskDir,
    ...SHAPE,
    environment: {
      DESTINATION_BUCKET: destination,
      SOURCE_PREFIX: 'raw',
      DATASETS: JSON.stringify([{ name: 'orders', prefix: 'raw/orders/', schema: ORDERS_SCHEMA }]),
      WORK_DIR: etlCode.root,
      DUCKDB_THREADS: '1',
      DUCKDB_MEMORY_LIMIT_MB: '128',
    },
  });
  const trigger = (functionArn: string, prefix: string) => ({
    bucket: source,
    functionArn,
    events: ['s3:ObjectCreated:*'],
    prefix,
    suffix: '',
  });
  const deployment = {
    buckets: [source, destination],
    triggers: [trigger(resize.fn.arn, 'uploads/'), trigger(etl.fn.arn, 'raw/')],
    functions: new Map([resize, etl].map((f) => [f.fn.arn, f])),
  };
  const measures = new RunMeasures();
  const timeline = new InvocationTimeline();
  const runtime = new FunctionRuntime(deployment, {
    endpoint: emulatorEndpoint(),
    concurrency: 2,
    onInvocation: bothListeners(measures.record, timeline.record),
  });
  const delivery = new EventDelivery({
    deployment,
    sqs: testSqsClient(),
    concurrency: 2,
    retryDelayMs: 10,
    runtime,
    rules: CALM,
  });
  const files: Array<[string, Buffer | string]> = [
    ['uploads/landscape 1200x800.jpg', await gradient(1200, 800, 'jpeg')],
    ['uploads/portrait-600x900.png', await gradient(600, 900, 'png')],
    [MARKUP_KEY, await gradient(400, 400, 'png')],
    ['uploads/corrupt.jpg', await truncatedJpeg()],
    ['raw/orders/orders-2026-11.csv', demoOrdersCsv()],
  ];
  const started = Date.now();
  try {
    for (const [Key, Body] of files) {
      const put = await putObjectForEvent(s3, { Bucket: source, Key, Body });
      const eTag = put.eTag ?? '';
      delivery.deliver({
        bucket: put.bucket,
        key: put.key,
        versionId: put.versionId,
        eTag,
        size: put.size ?? 0,
        eventName: eventNameOfETag(eTag),
      });
    }
    await delivery.drain();
  } finally {
    await runtime.close();
  }
  const inputs = await Promise.all(
    files.map(([key]) =>
      verifyInput(
        s3,
        { bucket: source, key, pipeline: key.startsWith('raw/') ? 'etl' : 'resize' },
        delivery.results.filter((r) => r.key === key),
      ),
    ),
  );
  const stats = runtime.stats();
  const invocations = delivery.results.reduce((sum, r) => sum + r.attempts, 0);
  const wallMs = Date.now() - started;
  const priced = [resize, etl].map((f) => ({ pipeline: f.pipeline, functionName: f.fn.name, shape: SHAPE }));
  const report: RunReport = {
    results: [...delivery.results],
    inputs,
    figures: {
      wallMs,
      deliveries: delivery.results.length,
      reuploads: 0,
      invocations,
      invocationsPerSecond: Math.round((invocations / (wallMs / 1000)) * 10) / 10,
      coldStarts: Object.fromEntries(Object.entries(stats).map(([name, s]) => [name, s.coldStarts])),
      environmentsReplaced: 0,
      functionS3Requests: {},
      runnerS3Requests: {},
      peakRssBytes: { runner: 0, functions: 0 },
    },
    cost: costReport(measures, priced, US_EAST_1_PRICES),
  };
  return {
    report,
    timeline: timeline.all(),
    destination,
    async cleanup() {
      await Promise.all([resizeCode, etlCode].map((c) => rm(c.root, { recursive: true, force: true })));
    },
  };
}

/** The demo's orders dataset (infra's etl datasets), as etl's DATASETS declares it. */
const ORDERS_SCHEMA = {
  columns: [
    { name: 'id', type: 'int', required: true },
    { name: 'customer', type: 'string', required: true },
    { name: 'amount', type: 'decimal', precision: 12, scale: 2, required: true },
    { name: 'ordered_at', type: 'timestamp', required: true },
    { name: 'shipped', type: 'bool', required: true },
    { name: 'note', type: 'string', required: false },
  ],
};
