import type { Context } from 'aws-lambda';
import { BatchError, processBatch, type BatchFailure } from './batch.js';
import { errorCode, PermanentError } from './errors.js';
import { parseS3Event, type InvalidRecord, type S3ObjectRef } from './event.js';
import type { Log } from './logger.js';

/** What processing one object produced; `outcome` (e.g. `copied`, `skipped`) is logged with the rest. */
export interface ObjectResult {
  readonly outcome: string;
  readonly [attribute: string]: unknown;
}

export interface S3HandlerOptions {
  readonly log: Log;
  /** Records processed at once. */
  readonly concurrency: number;
  /** Does the work for one object; throws PermanentError for bad input, anything else to retry. */
  readonly processObject: (object: S3ObjectRef, requestId: string) => Promise<ObjectResult>;
  /** Records a permanent failure (e.g. {@link writeRejection}); throwing here makes the event retry. */
  readonly rejectObject: (object: S3ObjectRef, error: PermanentError, requestId: string) => Promise<void>;
}

export interface S3HandlerSummary {
  readonly outcomes: Readonly<Record<string, number>>;
  readonly ignored: number;
}

/** The Lambda handler `createS3Handler` builds (annotate exports with it). */
export type S3EventHandler = (event: unknown, context: Context) => Promise<S3HandlerSummary>;

type Item = S3ObjectRef | InvalidRecord;

function objectAttributes(object: S3ObjectRef, requestId: string): Record<string, unknown> {
  return {
    requestId,
    bucket: object.bucket,
    key: object.key,
    versionId: object.versionId,
    index: object.index,
  };
}

async function runObject(options: S3HandlerOptions, object: S3ObjectRef, requestId: string): Promise<string> {
  const started = performance.now();
  const attributes = objectAttributes(object, requestId);
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    const result = await options.processObject(object, requestId);
    options.log.info('object processed', { ...attributes, ...result, durationMs: elapsed() });
    return result.outcome;
  } catch (error) {
    try {
      if (!(error instanceof PermanentError)) throw error;
      await options.rejectObject(object, error, requestId);
      options.log.warn('object rejected', {
        ...attributes,
        outcome: 'rejected',
        code: error.code,
        error,
        durationMs: elapsed(),
      });
      return 'rejected';
    } catch (failure) {
      options.log.error('object failed', {
        ...attributes,
        outcome: 'failed',
        code: errorCode(failure),
        error: failure,
        durationMs: elapsed(),
      });
      throw failure;
    }
  }
}

function tally(outcomes: readonly (string | undefined)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) if (outcome !== undefined) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

/**
 * Builds a Lambda handler for S3 notifications: parses every record, processes the created
 * objects with bounded concurrency, records permanent failures through `rejectObject`, logs
 * one structured line per record (request id, bucket, key, version, outcome, duration), and
 * finally throws a {@link BatchError} carrying every transient failure and every malformed
 * record, so Lambda retries the event and then sends it to the failure destination.
 * Successful records of a failed event are redone on retry: `processObject` must be idempotent.
 */
export function createS3Handler(options: S3HandlerOptions): S3EventHandler {
  return async (event, context) => {
    options.log.addContext?.(context);
    const requestId = context.awsRequestId;
    const parsed = parseS3Event(event, options.log);
    const failures: BatchFailure<Item>[] = parsed.invalid.map((record) => ({
      index: record.index,
      item: record,
      error: record.error,
    }));
    for (const { index, error } of parsed.invalid) {
      options.log.error('S3 event record invalid', {
        requestId,
        index,
        outcome: 'failed',
        code: error.code,
        error,
      });
    }
    let outcomes: (string | undefined)[] = [];
    try {
      outcomes = await processBatch(
        parsed.objects,
        options.concurrency,
        (object) => runObject(options, object, requestId),
        { what: 'records' },
      );
    } catch (error) {
      if (!(error instanceof BatchError)) throw error;
      for (const failure of error.failures as BatchFailure<S3ObjectRef>[])
        failures.push({ ...failure, index: failure.item.index });
    }
    const total = parsed.objects.length + parsed.invalid.length;
    if (failures.length > 0) throw new BatchError(failures, total, 'records');
    return { outcomes: tally(outcomes), ignored: parsed.ignored.length };
  };
}
