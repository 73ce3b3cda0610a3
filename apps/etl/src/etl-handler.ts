/** The Lambda handler, built from its configuration and clients (tests pass their own). */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DuckDBInstance } from '@duckdb/node-api';
import { createS3Handler, type Log, type S3HandlerSummary } from '@pipeline/lambda-kit';
import type { Context } from 'aws-lambda';
import type { EtlConfig } from './config.js';
import { processCsvObject, recordRejection } from './process-object.js';

export type EtlHandler = (event: unknown, context: Context) => Promise<S3HandlerSummary>;

export function createEtlHandler(deps: {
  readonly config: EtlConfig;
  readonly s3: S3Client;
  readonly log: Log;
  readonly duckdb: () => Promise<DuckDBInstance>;
}): EtlHandler {
  const { config, s3, log, duckdb } = deps;
  // The invocation's time left feeds the time-derived size limits (one invocation at a time per container).
  let remainingMs: (() => number) | undefined;
  const handler = createS3Handler({
    log,
    concurrency: config.recordConcurrency,
    processObject: (object, requestId) =>
      processCsvObject(config, { s3, log, duckdb, remainingMs }, object, requestId),
    rejectObject: (object, error, requestId) => recordRejection(config, s3, object, error, requestId),
  });
  return (event, context) => {
    remainingMs =
      typeof context.getRemainingTimeInMillis === 'function'
        ? () => context.getRemainingTimeInMillis()
        : undefined;
    return handler(event, context);
  };
}
