/**
 * The outcome record: every object a pipeline handles ends in exactly one of these. It is written
 * once (logged under {@link OUTCOME_LOG_FIELD} and returned by the handler) and read by everything
 * downstream: tests, the local cloud's report, metrics and the cost model. Nothing guesses outputs
 * from free-form log fields.
 */
import { versionIdOf } from './object-version.js';

/** The fixed vocabulary of ends an object can reach. */
export const OUTCOME_KINDS = ['written', 'rejected', 'skipped', 'superseded', 'failed', 'removed'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/**
 * Why an object was skipped on purpose (nothing written, nothing to retry):
 * - `test-event`: the `s3:TestEvent` S3 sends when a notification is configured;
 * - `not-object-created`: a record for another event type (restores; removals where the pipeline keeps outputs);
 * - `directory-marker`: a key ending in `/` (a console "folder");
 * - `outside-source-prefix`: a notification filter wider than the function's `SOURCE_PREFIX`;
 * - `own-output`: an object under the function's own output folders (the recursion guard);
 * - `duplicate`: this exact source version was already processed (S3 delivers at least once);
 * - `never-processed`: a removed source the catalog holds no item of (its outputs were deleted all the same).
 */
export const SKIP_REASONS = [
  'test-event',
  'not-object-created',
  'directory-marker',
  'outside-source-prefix',
  'own-output',
  'duplicate',
  'never-processed',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** The name of the log field that holds the record, on the one line each object gets. */
export const OUTCOME_LOG_FIELD = 'outcome';
/** The record's schema tag, so readers can tell it from anything else under that field. */
export const OUTCOME_SCHEMA = 'pipeline.outcome/v1';

/** One object a handler wrote (outputs, manifests and rejection records alike). */
export interface WrittenObject {
  readonly bucket: string;
  readonly key: string;
  readonly bytes: number;
  /** Set when the bucket is versioned. */
  readonly versionId?: string;
  /** Image variants: what was rendered (the catalog lists it). */
  readonly width?: number;
  readonly height?: number;
  readonly format?: string;
}

/** The input object as the event named it (and, where the handler read it, as it was read). */
export interface OutcomeSource {
  readonly bucket: string;
  /** Decoded key; `''` for a test event, which names no object. */
  readonly key: string;
  readonly versionId?: string;
  readonly eTag?: string;
  readonly size?: number;
}

/** Counts a pipeline reports beside the outcome (rows, variants, parts): numbers only, so metrics can take them. */
export type OutcomeMeasures = Readonly<Record<string, number>>;

interface OutcomeBase {
  readonly schema: typeof OUTCOME_SCHEMA;
  readonly pipeline: string;
  readonly requestId: string;
  readonly source: OutcomeSource;
  /** Every object this invocation wrote for the input, in write order; empty when it wrote none. */
  readonly written: readonly WrittenObject[];
  readonly durationMs: number;
  readonly measures?: OutcomeMeasures;
  /** S3 requests its handling sent, by operation (`GetObject`, `PutObject`, ...), for the cost model. */
  readonly s3Requests?: Readonly<Record<string, number>>;
  /**
   * What the object catalog did with this record: `written` (the item now says this), `unchanged`
   * (an item of a later event, or this same final outcome, was already there). Absent where there is
   * no catalog (CATALOG_TABLE unset) or the record names no source object of the pipeline.
   */
  readonly catalog?: CatalogWrite;
}

/** What the catalog did with an outcome (see OutcomeBase.catalog). */
export type CatalogWrite = 'written' | 'unchanged';

/** The outputs were written; `action` is the pipeline's verb for it (`copied`, `resized`, `converted`). */
export interface WrittenOutcome extends OutcomeBase {
  readonly kind: 'written';
  readonly action: string;
  /** The key (destination bucket) of the written object that lists every output: a cut catalog list points at it. */
  readonly manifest?: string;
}

/** A bad input: a rejection record was written (listed in `written`); never retried. */
export interface RejectedOutcome extends OutcomeBase {
  readonly kind: 'rejected';
  readonly code: string;
  readonly message: string;
}

export interface SkippedOutcome extends OutcomeBase {
  readonly kind: 'skipped';
  readonly reason: SkipReason;
  /**
   * `duplicate`: the outputs the pipeline found in place (written by an earlier invocation), so the
   * catalog item lists them even when the earlier invocation could not write it.
   */
  readonly outputs?: readonly WrittenObject[];
}

/**
 * A newer version of the key exists: the event's version is not what the outputs describe. Usually
 * nothing is written (the newer version's own event writes). When a newer version arrived while
 * this event was being handled, the handler repairs: `written` then lists what it rewrote from the
 * current version, so the outputs never describe an older one.
 */
export interface SupersededOutcome extends OutcomeBase {
  readonly kind: 'superseded';
  /** The key's current version, when the handler saw it. */
  readonly current?: { readonly versionId?: string; readonly eTag?: string };
}

/** A transient failure: the handler threw, so Lambda retries the event and then sends it to the failure destination. */
export interface FailedOutcome extends OutcomeBase {
  readonly kind: 'failed';
  readonly code: string;
  readonly message: string;
  /** True when the handler threw for it (Lambda's retries and failure destination take over). */
  readonly retried: boolean;
}

/**
 * The source was removed (`s3:ObjectRemoved:*`) and the pipeline removes its outputs: `removed` lists
 * the keys (destination bucket) it deleted, those that were there and those that may have been.
 */
export interface RemovedOutcome extends OutcomeBase {
  readonly kind: 'removed';
  readonly removed: readonly string[];
}

export type ObjectOutcome =
  WrittenOutcome | RejectedOutcome | SkippedOutcome | SupersededOutcome | FailedOutcome | RemovedOutcome;

/** What a pipeline's `process` returns; the kit adds the source, request id, duration and pipeline name. */
export type ProcessResult =
  | {
      readonly kind: 'written';
      readonly action: string;
      readonly written: readonly WrittenObject[];
      readonly measures?: OutcomeMeasures;
      /** What the handler learned of the source beyond the event (e.g. the version it read). */
      readonly source?: Partial<OutcomeSource>;
      /**
       * Keys (destination bucket) of the key's earlier outputs that this version no longer has: the
       * kit deletes them once the outcome is recorded, so the outputs describe the current version.
       */
      readonly replaced?: readonly string[];
      /** WrittenOutcome.manifest. */
      readonly manifest?: string;
    }
  | {
      readonly kind: 'skipped';
      readonly reason: SkipReason;
      readonly measures?: OutcomeMeasures;
      /** `duplicate`: the outputs found in place (SkippedOutcome.outputs). */
      readonly outputs?: readonly WrittenObject[];
    }
  | {
      readonly kind: 'superseded';
      readonly current?: SupersededOutcome['current'];
      /** What a repair rewrote from the current version, if anything. */
      readonly written?: readonly WrittenObject[];
      readonly measures?: OutcomeMeasures;
      /** As for `written`: earlier outputs the repair's version no longer has (deleted by the kit). */
      readonly replaced?: readonly string[];
    };

/**
 * A written object as S3 answered the write. A version id of `null` (an unversioned or suspended
 * bucket, as S3 and the emulators report it) is no version, so it is left out.
 *
 * @example writtenObject(bucket, key, body.byteLength, put.VersionId)
 */
export function writtenObject(bucket: string, key: string, bytes: number, versionId?: string): WrittenObject {
  const version = versionIdOf(versionId);
  return version === undefined ? { bucket, key, bytes } : { bucket, key, bytes, versionId: version };
}

/**
 * @example return written('copied', [{ bucket, key, bytes: 120 }]);
 */
export function written(
  action: string,
  objects: readonly WrittenObject[],
  extra: {
    readonly measures?: OutcomeMeasures;
    readonly source?: Partial<OutcomeSource>;
    readonly replaced?: readonly string[];
    readonly manifest?: string;
  } = {},
): ProcessResult {
  return { kind: 'written', action, written: objects, ...extra };
}

/**
 * @example return skipped('duplicate', [writtenObject(bucket, key, head.ContentLength ?? 0)]);
 */
export function skipped(reason: SkipReason, outputs?: readonly WrittenObject[]): ProcessResult {
  return outputs === undefined ? { kind: 'skipped', reason } : { kind: 'skipped', reason, outputs };
}

/** @example return superseded({ versionId: head.VersionId }); */
export function superseded(
  current?: SupersededOutcome['current'],
  repaired: readonly WrittenObject[] = [],
  replaced?: readonly string[],
): ProcessResult {
  return {
    kind: 'superseded',
    ...(current === undefined ? {} : { current }),
    written: repaired,
    ...(replaced === undefined ? {} : { replaced }),
  };
}

/** The total bytes of what an outcome wrote. */
export function bytesWritten(outcome: Pick<ObjectOutcome, 'written'>): number {
  return outcome.written.reduce((sum, object) => sum + object.bytes, 0);
}

/**
 * How many outcomes of each kind (kinds that did not occur are left out).
 *
 * @example countByKind(result.outcomes) // { written: 2, rejected: 1 }
 */
export function countByKind(
  outcomes: readonly Pick<ObjectOutcome, 'kind'>[],
): Partial<Record<OutcomeKind, number>> {
  const counts: Partial<Record<OutcomeKind, number>> = {};
  for (const { kind } of outcomes) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
