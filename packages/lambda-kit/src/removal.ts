/**
 * A removed source (`s3:ObjectRemoved:*`) in a pipeline whose outputs go with it: S3 delivers the
 * removal like any event (at least once, in no order), so the key's current version decides.
 * - The key still has a current version (the delete was of an older version, or a re-upload
 *   followed): nothing is removed, the object ends `superseded`.
 * - It has none: every key that may hold its outputs (the pipeline's `outputsOf`) and its rejection
 *   record are deleted, and the object ends `removed` (the catalog marks its item removed, with a TTL).
 *   If a re-upload lands while they are deleted, its outputs are written again from it (a repair,
 *   as the version discipline does), and the object ends `superseded`, listing what it rewrote.
 * A key the catalog never held an item of ends `skipped` (`never-processed`) once the catalog says so.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { currentVersion } from './current-version.js';
import type { S3ObjectRef } from './event.js';
import { fromResult, sourceOf } from './outcome-build.js';
import { OUTCOME_SCHEMA, superseded, type ObjectOutcome, type ProcessResult } from './outcome.js';
import type { PipelineConfigBase, PipelineContext, PipelineSpec } from './pipeline-spec.js';
import { fittingRejectionKey } from './rejection.js';
import { removeStaleOutputs } from './stale-outputs.js';

/** What removing needs of the runtime (settle.ts's Runtime). */
interface RemovalRuntime<Config extends PipelineConfigBase, Clients extends { readonly s3: S3Client }> {
  readonly spec: PipelineSpec<Config, Clients>;
  readonly context: PipelineContext<Config, Clients>;
}

/** Every key the source's outputs may be at, and its rejection record (each once). */
async function keysOf<Config extends PipelineConfigBase, Clients extends { readonly s3: S3Client }>(
  { spec, context }: RemovalRuntime<Config, Clients>,
  object: S3ObjectRef,
): Promise<string[]> {
  const { config, clients } = context;
  const outputs = (await spec.outputsOf?.(object, config, clients)) ?? [];
  const rejection = fittingRejectionKey(spec.rejectionKey(object, config), object, config.rejectedPrefix);
  return [...new Set([...outputs, rejection])];
}

/**
 * The removal's result: `removed` with the keys deleted, or `superseded` when the key has (or gained)
 * a current version. Throws what the deletes or HEADs threw (transient: the event is retried).
 */
export async function removeOutputs<
  Config extends PipelineConfigBase,
  Clients extends { readonly s3: S3Client },
>(
  runtime: RemovalRuntime<Config, Clients>,
  object: S3ObjectRef,
  durationMs: () => number,
): Promise<ObjectOutcome> {
  const { spec, context } = runtime;
  const { s3 } = context.clients;
  const common = { schema: OUTCOME_SCHEMA, pipeline: spec.name, requestId: context.requestId } as const;
  const before = await currentVersion(s3, object.bucket, object.key);
  if (before !== undefined)
    return fromResult(spec.name, context.requestId, sourceOf(object), superseded(before), durationMs());
  const keys = await keysOf(runtime, object);
  await removeStaleOutputs(s3, context.config.destinationBucket, keys);
  const after = await currentVersion(s3, object.bucket, object.key);
  if (after !== undefined) {
    // A re-upload landed meanwhile: its outputs may be among those just deleted. Write them again.
    const repaired: ProcessResult = await spec.process(
      { ...object, eventName: 'ObjectCreated:Repair', ...after, size: undefined },
      context,
    );
    const written = repaired.kind === 'skipped' ? [] : (repaired.written ?? []);
    return fromResult(
      spec.name,
      context.requestId,
      sourceOf(object),
      superseded(after, written),
      durationMs(),
    );
  }
  return {
    ...common,
    kind: 'removed',
    removed: keys,
    source: sourceOf(object),
    written: [],
    durationMs: durationMs(),
  };
}
