import { PutBucketVersioningCommand, type PutObjectCommandInput, type S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { createS3Client, createS3Handler, MemoryLog, type S3EventHandler } from '@pipeline/lambda-kit';
import {
  createTestBucket,
  putObjectForEvent,
  testS3Client,
  type S3EventRecordInput,
} from '@pipeline/testing';
import { loadConfig, type CopyConfig } from '../../src/config.js';
import { copyObject, recordRejection } from '../../src/copy.js';

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

/** The handler as src/handler.ts composes it, with the given configuration and a memory log. */
export function copyHandler(
  config: CopyConfig,
  s3: S3Client = createS3Client(),
): { handler: S3EventHandler; log: MemoryLog } {
  const log = new MemoryLog();
  const handler = createS3Handler({
    log,
    concurrency: config.recordConcurrency,
    processObject: (object) => copyObject(config, { s3, log }, object),
    rejectObject: (object, error, requestId) => recordRejection(config, s3, object, error, requestId),
  });
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
