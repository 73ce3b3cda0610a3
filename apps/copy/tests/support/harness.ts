import { PutBucketVersioningCommand, type PutObjectCommandInput, type S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { createS3Client, definePipeline, MemoryLog, type PipelineHandler } from '@pipeline/lambda-kit';
import {
  createTestBucket,
  putObjectForEvent,
  testS3Client,
  type S3EventRecordInput,
} from '@pipeline/testing';
import { loadConfig, type CopyConfig } from '../../src/config.js';
import { copyPipeline } from '../../src/pipeline.js';

export const MiB = 1024 * 1024;

/** A Lambda context with what the handler reads. */
export function lambdaContext(requestId = 'test-request'): Context {
  return { awsRequestId: requestId, functionName: 'copy-test' } as Context;
}

/** Source and destination buckets, optionally versioned. */
export async function bucketPair(
  options: { versioned?: boolean } = {},
): Promise<{ source: string; destination: string }> {
  const s3 = testS3Client();
  const [source, destination] = await Promise.all([
    createTestBucket('copy-src', s3),
    createTestBucket('copy-dst', s3),
  ]);
  if (options.versioned) {
    for (const bucket of [source, destination]) {
      await s3.send(
        new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
      );
    }
  }
  return { source, destination };
}

/** The copy's configuration from an environment, as the function reads it at cold start. */
export function configFor(destination: string, env: Record<string, string> = {}): CopyConfig {
  return loadConfig({
    DESTINATION_BUCKET: destination,
    SOURCE_PREFIX: 'incoming/',
    DESTINATION_PREFIX: 'copies/',
    ...env,
  });
}

/** The handler as src/handler.ts builds it, with the given configuration, S3 client and a memory log. */
export function copyHandler(
  config: CopyConfig,
  s3: S3Client = createS3Client(),
): { handler: PipelineHandler; log: MemoryLog } {
  const log = new MemoryLog();
  const handler = definePipeline(
    { ...copyPipeline, loadConfig: () => config },
    { env: {}, clients: { s3 }, log },
  );
  return { handler, log };
}

/** Puts a source object and returns what its S3 event record carries. */
export function putSource(
  input: PutObjectCommandInput & { Bucket: string; Key: string },
): Promise<S3EventRecordInput> {
  return putObjectForEvent(testS3Client(), input);
}

/** Bytes that differ per position, so a misplaced part shows. */
export function patternedBody(size: number): Buffer {
  const body = Buffer.alloc(size);
  for (let i = 0; i + 4 <= size; i += 4) body.writeUInt32BE(i >>> 2, i);
  return body;
}
