/**
 * One handler shape for every pipeline: configuration read and validated once at cold start,
 * clients and the logger built once per container, every record handled with bounded
 * concurrency, one recursion-guard and source-scope policy, one rejection-record writer, and one
 * outcome record per object, logged and returned.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { BatchError, processBatch, type BatchFailure } from './batch.js';
import {
  batchResultOf,
  batchTaskObjects,
  isBatchOperationsEvent,
  type BatchOperationsEvent,
  type BatchOperationsResult,
} from './batch-operations.js';
import { catalogFromEnv, type Catalog } from './catalog-client.js';
import { ConfigError } from './errors.js';
import { oneOf, positiveInt, type Env } from './env.js';
import { parseS3Event, type S3ObjectRef } from './event.js';
import { createLogger, type Log } from './logger.js';
import { createOutcomeMetrics, type OutcomeMetrics } from './outcome-metrics.js';
import type { ObjectOutcome } from './outcome.js';
import { ignoredOutcome, invalidOutcome } from './outcome-build.js';
import type {
  OnSourceRemoved,
  PipelineConfigBase,
  PipelineSpec,
  RecordConcurrency,
} from './pipeline-spec.js';
import { countRequests } from './request-count.js';
import { report, runObject, settleObject, type Runtime } from './settle.js';
import { captureClients, createTracer, traceInvocation, type Tracer } from './tracing.js';

/** What the handler returns: every object's outcome record, in record order. */
export interface PipelineResult {
  readonly outcomes: readonly ObjectOutcome[];
}

/**
 * The Lambda handler `definePipeline` builds: S3 notifications give `{ outcomes }`; an S3 Batch
 * Operations invocation gives its per-task results.
 */
export interface PipelineHandler {
  (event: BatchOperationsEvent, context: Context): Promise<BatchOperationsResult>;
  (event: unknown, context: Context): Promise<PipelineResult>;
}

/** Replacements for tests: another environment, clients (e.g. under an IAM role), a log recorder, metrics, a tracer. */
export interface PipelineOverrides<Clients> {
  readonly env?: Env;
  readonly clients?: Clients;
  readonly log?: Log;
  readonly metrics?: OutcomeMetrics;
  readonly tracer?: Tracer;
  /** The object catalog (e.g. a client under an IAM role); `null` for none. @default from CATALOG_TABLE */
  readonly catalog?: Catalog | null;
}

/**
 * `RECORD_CONCURRENCY`: records of one event handled at once.
 *
 * @throws {ConfigError} when it is not an integer in 1..max.
 */
export function recordConcurrency(env: Env, limits: RecordConcurrency): number {
  const value = positiveInt('RECORD_CONCURRENCY', limits.default, env);
  if (value > limits.max)
    throw new ConfigError('RECORD_CONCURRENCY', `an integer from 1 to ${limits.max}`, value);
  return value;
}

/**
 * `ON_SOURCE_REMOVED` (infra sets it from the module), else the spec's declaration, else `keep`.
 *
 * @throws {ConfigError} when it is not one of the two, or says `remove-outputs` for a spec without `outputsOf`.
 */
export function onSourceRemoved<Config extends PipelineConfigBase, Clients extends { readonly s3: S3Client }>(
  env: Env,
  spec: PipelineSpec<Config, Clients>,
): OnSourceRemoved {
  const value = oneOf(
    'ON_SOURCE_REMOVED',
    ['remove-outputs', 'keep'] as const,
    spec.onSourceRemoved ?? 'keep',
    env,
  );
  if (value === 'remove-outputs' && spec.outputsOf === undefined)
    throw new ConfigError('ON_SOURCE_REMOVED', `keep (pipeline ${spec.name} names no outputsOf)`, value);
  return value;
}

/**
 * Builds a pipeline's Lambda handler. Call it at module scope: the configuration is read and
 * validated there (a bad variable fails the cold start with its name), and the clients and logger
 * are built once per container. Each invocation handles every record of the event: keys in the
 * function's own folders or outside its source prefix are skipped, the rest go to `process`;
 * a PermanentError becomes a rejection record; every object's outcome record is logged (field
 * `outcome`) and returned. Transient failures and malformed records are thrown together as one
 * {@link BatchError} after the rest are done, so Lambda retries the event and then sends it to the
 * failure destination; records that succeeded are redone on a retry, so `process` must be idempotent.
 * Each object's outcome is also recorded in the object catalog (CATALOG_TABLE; settle.ts), after
 * its outputs and before its log line, so the line says whether the catalog took it.
 * On Lambda, each invocation is an X-Ray subsegment `## <name>` and every SDK client among the
 * pipeline's clients is captured, so each S3 call is a subsegment with its operation (tracing.ts).
 *
 * @example export const handler = definePipeline(copyPipeline); // apps/copy/src/handler.ts
 */
export function definePipeline<Config extends PipelineConfigBase, Clients extends { readonly s3: S3Client }>(
  spec: PipelineSpec<Config, Clients>,
  overrides: PipelineOverrides<Clients> = {},
): PipelineHandler {
  const env = overrides.env ?? process.env;
  const config = spec.loadConfig(env);
  const runtime: Runtime<Config, Clients> = {
    spec,
    config,
    concurrency: recordConcurrency(env, spec.concurrency),
    onSourceRemoved: onSourceRemoved(env, spec),
    clients: overrides.clients ?? spec.clients(config, env),
    log: overrides.log ?? createLogger(spec.name, env),
    metrics: overrides.metrics ?? createOutcomeMetrics(spec.name, env),
    catalog: overrides.catalog === null ? undefined : (overrides.catalog ?? catalogFromEnv(env)),
  };
  countRequests(runtime.clients.s3);
  // X-Ray: every SDK client's calls become subsegments of the invocation's `## <name>` subsegment.
  const tracer = overrides.tracer ?? createTracer(spec.name, env);
  captureClients(tracer, {
    ...runtime.clients,
    ...(runtime.catalog ? { catalog: runtime.catalog.client } : {}),
  });
  const handler = async (event: unknown, context: Context): Promise<PipelineResult | BatchOperationsResult> =>
    traceInvocation(tracer, spec.name, async () => {
      try {
        return isBatchOperationsEvent(event)
          ? await handleBatchOperations(runtime, event, context)
          : await handleEvent(runtime, event, context);
      } finally {
        runtime.metrics.publish();
      }
    });
  return handler as PipelineHandler;
}

/**
 * An S3 Batch Operations invocation: every task is handled like a notification record, and answered
 * with its result instead of a throw (a transient failure is a TemporaryFailure, which the job retries).
 */
async function handleBatchOperations<
  Config extends PipelineConfigBase,
  Clients extends { readonly s3: S3Client },
>(
  runtime: Runtime<Config, Clients>,
  event: BatchOperationsEvent,
  context: Context,
): Promise<BatchOperationsResult> {
  runtime.remainingMs =
    typeof context.getRemainingTimeInMillis === 'function'
      ? () => context.getRemainingTimeInMillis()
      : undefined;
  runtime.log.addContext?.(context);
  const objects = batchTaskObjects(event);
  const settled = await processBatch(objects, runtime.concurrency, (object) =>
    settleObject(runtime, object, context.awsRequestId),
  );
  return {
    invocationSchemaVersion: event.invocationSchemaVersion,
    treatMissingKeysAs: 'PermanentFailure',
    invocationId: event.invocationId,
    results: settled.map(({ outcome }, index) => batchResultOf(event.tasks[index]?.taskId ?? '', outcome)),
  };
}

async function handleEvent<Config extends PipelineConfigBase, Clients extends { readonly s3: S3Client }>(
  runtime: Runtime<Config, Clients>,
  event: unknown,
  context: Context,
): Promise<PipelineResult> {
  const { spec } = runtime;
  runtime.log.addContext?.(context);
  const requestId = context.awsRequestId;
  // One invocation at a time per container, as Lambda runs them: the time left is the invocation's.
  runtime.remainingMs =
    typeof context.getRemainingTimeInMillis === 'function'
      ? () => context.getRemainingTimeInMillis()
      : undefined;
  const parsed = parseS3Event(event);
  const skippedRecords = parsed.ignored.map((record) => ignoredOutcome(spec.name, requestId, record));
  for (const outcome of skippedRecords) report(runtime, outcome);
  const failures: BatchFailure<unknown>[] = parsed.invalid.map((record) => {
    report(runtime, invalidOutcome(spec.name, requestId, record), record.error);
    return { index: record.index, item: record, error: record.error };
  });
  const byIndex = new Map<number, ObjectOutcome>();
  parsed.ignored.forEach((record, i) => byIndex.set(record.index, skippedRecords[i] as ObjectOutcome));
  try {
    const outcomes = await processBatch(
      parsed.objects,
      runtime.concurrency,
      (object) => runObject(runtime, object, requestId),
      { what: 'records' },
    );
    parsed.objects.forEach((object, i) => byIndex.set(object.index, outcomes[i] as ObjectOutcome));
  } catch (error) {
    if (!(error instanceof BatchError)) throw error;
    for (const failure of error.failures as BatchFailure<S3ObjectRef>[])
      failures.push({ ...failure, index: failure.item.index });
  }
  if (failures.length > 0)
    throw new BatchError(failures, parsed.objects.length + parsed.invalid.length, 'records');
  return { outcomes: [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, outcome]) => outcome) };
}
