/**
 * One object's way through a pipeline: the work, its rejection record or failure, the outputs it
 * left stale, its S3 requests counted, and its outcome record logged and counted once.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { catalogItemOf } from './catalog-build.js';
import type { Catalog } from './catalog-client.js';
import { writeCatalogItem } from './catalog-write.js';
import { errorCode, PermanentError } from './errors.js';
import { isRemoval, type S3ObjectRef } from './event.js';
import type { Log } from './logger.js';
import { OUTCOME_SCHEMA, skipped, superseded, type ObjectOutcome } from './outcome.js';
import { fromResult, sourceOf } from './outcome-build.js';
import { logOutcome } from './outcome-log.js';
import type { OutcomeMetrics } from './outcome-metrics.js';
import type { OnSourceRemoved, PipelineConfigBase, PipelineContext, PipelineSpec } from './pipeline-spec.js';
import { removeOutputs } from './removal.js';
import { fittingRejectionKey, rejectionRecord, writeRejection } from './rejection.js';
import { withRequestCount } from './request-count.js';
import { outOfScope } from './scope.js';
import { failedAfter, removeStaleOutputs, rewroteOutputs, staleKeys } from './stale-outputs.js';

export interface Runtime<Config extends PipelineConfigBase, Clients extends { readonly s3: S3Client }> {
  readonly spec: PipelineSpec<Config, Clients>;
  readonly config: Config;
  readonly clients: Clients;
  readonly log: Log;
  readonly metrics: OutcomeMetrics;
  /** Records handled at once (RECORD_CONCURRENCY). */
  readonly concurrency: number;
  /** The object catalog (CATALOG_TABLE); none in a handler built without one. */
  readonly catalog?: Catalog;
  /** ON_SOURCE_REMOVED, else the spec's `onSourceRemoved`, else `keep`. */
  readonly onSourceRemoved: OnSourceRemoved;
  /** The current invocation's time left (set per invocation: Lambda runs one at a time per container). */
  remainingMs?: () => number;
}

/** The one place an outcome leaves the handler: its log line and its metrics. */
export function report(
  runtime: Pick<Runtime<PipelineConfigBase, { readonly s3: S3Client }>, 'log' | 'metrics'>,
  outcome: ObjectOutcome,
  error?: unknown,
): void {
  logOutcome(runtime.log, outcome, error);
  runtime.metrics.record(outcome);
}

/** An object's outcome, and what to throw when it failed (with the error that explains it). */
export type Settled = {
  readonly outcome: ObjectOutcome;
  readonly error?: unknown;
  readonly failed: boolean;
  /** The key's earlier outputs the pipeline says this version replaced (deleted after the record). */
  readonly replaced?: readonly string[];
};

/**
 * A source that is not there (deleted since its event) in a pipeline whose outputs go with their
 * source: no outputs, no rejection record either (its removal's event removes what there was).
 */
function sourceGone(runtime: { readonly onSourceRemoved: OnSourceRemoved }, error: unknown): boolean {
  return (
    runtime.onSourceRemoved === 'remove-outputs' &&
    error instanceof PermanentError &&
    error.code === 'OBJECT_NOT_FOUND'
  );
}

/** A removed source's outcome: skipped where outputs stay (or out of scope), else its outputs removed. */
async function removal<Config extends PipelineConfigBase, Clients extends { readonly s3: S3Client }>(
  runtime: Runtime<Config, Clients>,
  context: PipelineContext<Config, Clients>,
  object: S3ObjectRef,
  elapsed: () => number,
): Promise<ObjectOutcome> {
  const { spec, config } = runtime;
  const skip =
    outOfScope(config, object) ??
    (runtime.onSourceRemoved === 'keep' ? skipped('not-object-created') : undefined);
  return skip === undefined
    ? removeOutputs({ spec, context }, object, elapsed)
    : fromResult(spec.name, context.requestId, sourceOf(object), skip, elapsed());
}

/** Runs the work for one object and turns whatever happened into its outcome (not yet reported). */
async function settle<Config extends PipelineConfigBase, Clients extends { readonly s3: S3Client }>(
  runtime: Runtime<Config, Clients>,
  object: S3ObjectRef,
  requestId: string,
): Promise<Settled> {
  const { spec, config, clients, log } = runtime;
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const common = { schema: OUTCOME_SCHEMA, pipeline: spec.name, requestId } as const;
  const context: PipelineContext<Config, Clients> = {
    config,
    clients,
    log,
    requestId,
    remainingMs: runtime.remainingMs,
    onSourceRemoved: runtime.onSourceRemoved,
  };
  try {
    if (isRemoval(object))
      return { outcome: await removal(runtime, context, object, elapsed), failed: false };
    const result = outOfScope(config, object) ?? (await spec.process(object, context));
    const outcome = fromResult(spec.name, requestId, sourceOf(object), result, elapsed());
    return { outcome, failed: false, replaced: result.kind === 'skipped' ? undefined : result.replaced };
  } catch (error) {
    if (sourceGone(runtime, error))
      return {
        outcome: fromResult(spec.name, requestId, sourceOf(object), superseded(), elapsed()),
        failed: false,
      };
    try {
      if (!(error instanceof PermanentError)) throw error;
      const key = fittingRejectionKey(spec.rejectionKey(object, config), object, config.rejectedPrefix);
      const stored = await writeRejection(
        clients.s3,
        config.destinationBucket,
        key,
        rejectionRecord(object, error, requestId),
      );
      const rejected = {
        kind: 'rejected',
        code: error.code,
        message: error.message,
        written: [stored],
      } as const;
      return {
        outcome: { ...common, ...rejected, source: sourceOf(object), durationMs: elapsed() },
        error,
        failed: false,
      };
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : String(failure);
      const outcome: ObjectOutcome = {
        ...common,
        kind: 'failed',
        code: errorCode(failure),
        message,
        retried: true,
        source: sourceOf(object),
        written: [],
        durationMs: elapsed(),
      };
      return { outcome, error: failure, failed: true };
    }
  }
}

/** Deletes the outputs the outcome left describing another version; a refusal fails the object (retried). */
async function clearStaleOutputs<
  Config extends PipelineConfigBase,
  Clients extends { readonly s3: S3Client },
>(runtime: Runtime<Config, Clients>, object: S3ObjectRef, settled: Settled): Promise<Settled> {
  const { spec, config, clients } = runtime;
  const { outcome } = settled;
  // A removed source's outputs go too (the version discipline lists them as `replaced`).
  if (!rewroteOutputs(outcome) && (settled.replaced ?? []).length === 0) return settled;
  // Once the key's outputs are written, an earlier version's rejection record no longer holds.
  const rejection = fittingRejectionKey(spec.rejectionKey(object, config), object, config.rejectedPrefix);
  try {
    const listed = [
      ...(settled.replaced ?? []),
      ...((await spec.staleOutputs?.(object, config, outcome, clients)) ?? []),
      ...(outcome.kind === 'rejected' ? [] : [rejection]),
    ];
    await removeStaleOutputs(clients.s3, config.destinationBucket, staleKeys(outcome, listed));
    return settled;
  } catch (error) {
    return { outcome: failedAfter(outcome, error), error, failed: true };
  }
}

/**
 * Outcomes that say something of the source object for this pipeline. Not: the recursion guard's
 * and scope's skips; a removal of a key that still has a current version (a delete of an older
 * version, or one a re-upload followed): the current version's own event records its item, and the
 * removal's later sequencer must not replace it.
 */
function catalogued(object: S3ObjectRef, outcome: ObjectOutcome): boolean {
  if (isRemoval(object)) return outcome.kind === 'removed' || outcome.kind === 'failed';
  return outcome.kind !== 'skipped' || outcome.reason === 'duplicate';
}

/**
 * Records the outcome in the catalog, after the outputs (and their stale ones) are settled, so the
 * item never lists what is not there. A write that fails fails the object (retried; the outputs
 * stay, and the retry finds them as a duplicate that still writes the item). When the object had
 * already failed, its own error stands, and a failing catalog only adds a log line.
 */
async function recordInCatalog<Config extends PipelineConfigBase, Clients extends { readonly s3: S3Client }>(
  runtime: Runtime<Config, Clients>,
  object: S3ObjectRef,
  settled: Settled,
): Promise<Settled> {
  const { catalog } = runtime;
  const { outcome } = settled;
  if (catalog === undefined || !catalogued(object, outcome)) return settled;
  try {
    const item = catalogItemOf(outcome, { object, now: new Date() });
    const requireItem = outcome.kind === 'removed';
    const write = await writeCatalogItem(catalog.client, catalog.table, item, { requireItem });
    if (write === 'absent' && outcome.kind === 'removed') {
      // No item: the pipeline never processed this key (the deletes cost nothing and stand).
      const { removed: _removed, kind: _kind, ...rest } = outcome;
      return { ...settled, outcome: { ...rest, kind: 'skipped', reason: 'never-processed' } };
    }
    return { ...settled, outcome: { ...outcome, catalog: write === 'absent' ? 'unchanged' : write } };
  } catch (error) {
    if (settled.failed) {
      runtime.log.warn('catalog item of a failed object not written', { key: object.key, error });
      return settled;
    }
    return { outcome: failedAfter(outcome, error), error, failed: true };
  }
}

/** Settles one object with its S3 requests counted, then logs and counts its outcome record. */
export async function settleObject<
  Config extends PipelineConfigBase,
  Clients extends { readonly s3: S3Client },
>(runtime: Runtime<Config, Clients>, object: S3ObjectRef, requestId: string): Promise<Settled> {
  const { result, requests } = await withRequestCount(async () => {
    const settled = await settle(runtime, object, requestId);
    const cleared = settled.failed ? settled : await clearStaleOutputs(runtime, object, settled);
    return recordInCatalog(runtime, object, cleared);
  });
  const outcome =
    Object.keys(requests).length > 0 ? { ...result.outcome, s3Requests: requests } : result.outcome;
  report(runtime, outcome, result.error);
  return { ...result, outcome };
}

/** One record of an S3 notification: its outcome, or its failure thrown (so Lambda retries the event). */
export async function runObject<Config extends PipelineConfigBase, Clients extends { readonly s3: S3Client }>(
  runtime: Runtime<Config, Clients>,
  object: S3ObjectRef,
  requestId: string,
): Promise<ObjectOutcome> {
  const settled = await settleObject(runtime, object, requestId);
  if (settled.failed) throw settled.error;
  return settled.outcome;
}
