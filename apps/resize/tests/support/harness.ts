import { MemoryLog, type LogLine } from '@pipeline/lambda-kit';
import { createTestBucket, testS3Client } from '@pipeline/testing';
import type { Context } from 'aws-lambda';
import { loadConfig } from '../../src/config.js';
import { createResizeHandler } from '../../src/resize.js';
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
  const handler = createResizeHandler({ config, s3, log });
  let invocations = 0;
  const invoke = (event: unknown) => handler(event, { awsRequestId: `req-${++invocations}` } as Context);
  return { s3, source, destination, config, log, invoke };
}

export type ResizeHarness = Awaited<ReturnType<typeof resizeHarness>>;

/** The log lines about one object key. */
export function linesAbout(log: MemoryLog, key: string): LogLine[] {
  return log.lines.filter((line) => line.attributes['key'] === key);
}
