import type { Context } from 'aws-lambda';
import { emfBlobs, emfTotals, s3Event } from '@pipeline/testing';
import {
  definePipeline,
  MemoryLog,
  skipped,
  TransientError,
  written,
  type PipelineConfigBase,
  type ProcessResult,
  type S3ObjectRef,
} from '../../src/index.js';
import { offlineS3 } from '../support/offline-s3.js';

const config: PipelineConfigBase = {
  destinationBucket: 'out',
  sourcePrefix: 'in/',
  ownPrefixes: ['done/'],
  rejectedPrefix: 'done/',
};
const clients = { s3: offlineS3().s3 };
const context = { awsRequestId: 'req-1', functionName: 'fn' } as Context;

/** Runs the handler with Powertools' real metrics and returns what it printed to stdout. */
async function stdoutOf(run: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(
      ...String(chunk)
        .split('\n')
        .filter((line) => line !== ''),
    );
    return true;
  });
  try {
    await run().catch(() => undefined);
  } finally {
    spy.mockRestore();
  }
  return lines;
}

function handlerFor(process: (object: S3ObjectRef) => Promise<ProcessResult>) {
  // Powertools counts a cold start only where Lambda says the environment was initialized on demand.
  globalThis.process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
  globalThis.process.env.POWERTOOLS_METRICS_DISABLED = 'false'; // the test suites turn them off (jest-config)
  return definePipeline(
    {
      name: 'demo',
      loadConfig: () => config,
      clients: () => clients,
      concurrency: { default: 1, max: 1 },
      process,
      rejectionKey: (object) => `done/${object.key}.json`,
    },
    {
      env: { PIPELINE_ENVIRONMENT: 'dev', POWERTOOLS_SERVICE_NAME: 'pipeline-dev-demo' },
      clients,
      log: new MemoryLog(),
    },
  );
}

describe('metrics from the outcome records (Powertools EMF)', () => {
  it('counts every outcome kind, bytes in and out and each measure, with pipeline and environment dimensions', async () => {
    const handler = handlerFor(async (object) => {
      if (object.key === 'in/dup.txt') return skipped('duplicate');
      if (object.key === 'in/slow.txt') throw new TransientError('S3_THROTTLED', 'slow down');
      return written('converted', [{ bucket: 'out', key: `done/${object.key}`, bytes: 40 }], {
        measures: { rowsRead: 10, rowsRejected: 2 },
      });
    });
    const first = await stdoutOf(() =>
      handler(
        s3Event([
          { bucket: 'src', key: 'in/a.csv', size: 100 },
          { bucket: 'src', key: 'in/b.csv', size: 50 },
          { bucket: 'src', key: 'in/dup.txt', size: 7 },
          { bucket: 'src', key: 'in/slow.txt', size: 1 },
          { bucket: 'out', key: 'done/in/a.csv' },
        ]),
        context,
      ),
    );
    expect(emfTotals(first)).toEqual({
      ColdStart: 1,
      ObjectsWritten: 2,
      ObjectsSkipped: 2,
      ObjectsFailed: 1,
      BytesIn: 158,
      BytesOut: 80,
      RowsRead: 20,
      RowsRejected: 4,
    });
    const outcomes = emfBlobs(first).find((blob) => 'ObjectsWritten' in blob.values);
    expect(outcomes).toMatchObject({
      namespace: 'S3Pipelines',
      dimensions: { service: 'pipeline-dev-demo', pipeline: 'demo', environment: 'dev' },
    });
    // A warm invocation: no second cold start, and nothing carried over from the first.
    const second = await stdoutOf(() =>
      handler(s3Event([{ bucket: 'src', key: 'in/c.csv', size: 5 }]), context),
    );
    expect(emfTotals(second)).toEqual({
      ObjectsWritten: 1,
      BytesIn: 5,
      BytesOut: 40,
      RowsRead: 10,
      RowsRejected: 2,
    });
  });
});
