import type { S3Client } from '@aws-sdk/client-s3';
import { definePipeline, MemoryLog, type LogLine, type PipelineHandler } from '@pipeline/lambda-kit';
import { createTestBucket, testS3Client } from '@pipeline/testing';
import type { Context } from 'aws-lambda';
import { loadConfig, type ResizeConfig } from '../../src/config.js';
import { resizePipeline } from '../../src/pipeline.js';
import { enableVersioning } from './s3.js';

/**
 * A versioned source bucket, a destination bucket, and the resize handler wired to them with a
 * recording log, configured through the same environment variables infra sets.
 */
export async function resizeHarness(env: Record<string, string> = {}) {
  const s3 = testS3Client();
  const source = await createTestBucket('resize-src', s3);
  await enableVersioning(s3, source);
  const destination = await createTestBucket('resize-dst', s3);
  const config = loadConfig({ DESTINATION_BUCKET: destination, SOURCE_PREFIX: 'uploads', ...env });
  const log = new MemoryLog();
  const handler = resizeHandler(config, s3, log);
  let invocations = 0;
  const invoke = (event: unknown) => handler(event, { awsRequestId: `req-${++invocations}` } as Context);
  return { s3, source, destination, config, log, invoke };
}

export type ResizeHarness = Awaited<ReturnType<typeof resizeHarness>>;

/** The handler as src/handler.ts builds it, with the given configuration, S3 client and log. */
export function resizeHandler(config: ResizeConfig, s3: S3Client, log = new MemoryLog()): PipelineHandler {
  return definePipeline({ ...resizePipeline, loadConfig: () => config }, { env: {}, clients: { s3 }, log });
}

/** The log lines whose outcome record is about one object key. */
export function linesAbout(log: MemoryLog, key: string): LogLine[] {
  return log.lines.filter(
    (line) => (line.attributes['outcome'] as { source?: { key?: string } } | undefined)?.source?.key === key,
  );
}
