/**
 * The version discipline every pipeline keeps: S3 delivers events at least once and in no order,
 * so outputs must always describe the key's current version. A handler checks that the event's
 * version is current, does its work, checks again, and when a newer version arrived meanwhile
 * (its outputs may now hold the older version over the newer one's) redoes the work from the
 * current version, up to a bound. The loop lives here once; a pipeline passes its check and its
 * work as functions (as Powertools' idempotency utility takes the function it makes idempotent).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { currentVersion, isCurrentVersion } from './current-version.js';
import { TransientError } from './errors.js';
import type { S3ObjectRef } from './event.js';
import type { ObjectVersion } from './object-version.js';
import type { OnSourceRemoved } from './pipeline-spec.js';
import { superseded, type ProcessResult } from './outcome.js';

/** How many times the work is redone, by default, when newer versions keep arriving while it writes. */
export const DEFAULT_MAX_REPAIRS = 3;

/** One pass of the work: the event's own (`repair` 0), or the n-th repair from a newer version. */
export interface VersionAttempt {
  /** The object this pass works on: the event's, or (repairs) the key's version current then, without a size. */
  readonly object: S3ObjectRef;
  /** 0 for the event's own pass, n for the n-th repair. */
  readonly repair: number;
}

/**
 * What a check found: `proceed` with what it read (handed to the work), or the `outcome` that ends
 * the object without writing (`superseded` by a newer version, `skipped` as a duplicate).
 */
export type VersionCheck<Checked> =
  | { readonly proceed: Checked; readonly outcome?: never }
  | { readonly outcome: ProcessResult; readonly proceed?: never };

/** What the work wrote, and for which version of the key. */
export interface VersionWrite {
  /** The version the work read (what its outputs describe). */
  readonly version: ObjectVersion;
  /** The outcome when that version is still current after the write (usually `written`). */
  readonly result: ProcessResult;
  /**
   * Output keys that name this version and that a repair from a newer one must remove unless it
   * writes them again (outputs keyed by the source key alone are simply overwritten).
   * @default []
   */
  readonly abandoned?: readonly string[];
}

/** A pipeline's part in the discipline: how it checks, how it works. */
export interface VersionDiscipline<Checked> {
  /** Reads the key's current version after the work. */
  readonly s3: S3Client;
  /** The pipeline's verb for its work (`copied`), for the `SOURCE_UNSTABLE` message. */
  readonly action: string;
  /** Whether the attempt's version is current and still to be done; reads what the work needs. */
  readonly check: (attempt: VersionAttempt) => Promise<VersionCheck<Checked>>;
  /** Writes the outputs of the checked version. */
  readonly work: (checked: Checked, attempt: VersionAttempt) => Promise<VersionWrite>;
  /** @default DEFAULT_MAX_REPAIRS */
  readonly maxRepairs?: number;
  /**
   * The pipeline's PipelineContext.onSourceRemoved. With `remove-outputs`, a key found without a
   * current version after the work (deleted meanwhile, or a late event after its delete) keeps no
   * outputs: the object ends `superseded` and what the work wrote goes (`replaced`). With `keep`,
   * the event's version was the last one and its outputs stay.
   * @default 'keep'
   */
  readonly onSourceRemoved?: OnSourceRemoved;
}

/** The outcome of a repair: `superseded` by the version it repaired from, listing what it rewrote. */
function repairOutcome(
  current: ObjectVersion,
  result: ProcessResult,
  abandoned: readonly string[],
): ProcessResult {
  const rewritten = result.kind === 'skipped' ? [] : (result.written ?? []);
  const rewrittenKeys = new Set(rewritten.map((o) => o.key));
  const earlier = result.kind === 'skipped' ? [] : (result.replaced ?? []);
  const replaced = new Set([...earlier, ...abandoned.filter((key) => !rewrittenKeys.has(key))]);
  return superseded(current, rewritten, replaced.size === 0 ? undefined : [...replaced]);
}

/** The outcome of work whose source was removed meanwhile: nothing kept, what it wrote replaced. */
function sourceGone(done: VersionWrite): ProcessResult {
  const { result } = done;
  const wrote = result.kind === 'skipped' ? [] : (result.written ?? []).map((o) => o.key);
  const earlier = result.kind === 'skipped' ? [] : (result.replaced ?? []);
  const replaced = [...new Set([...wrote, ...earlier, ...(done.abandoned ?? [])])];
  return superseded(undefined, [], replaced.length === 0 ? undefined : replaced);
}

async function attempt<Checked>(
  discipline: VersionDiscipline<Checked>,
  pass: VersionAttempt,
): Promise<ProcessResult> {
  const checked = await discipline.check(pass);
  if (checked.outcome !== undefined) return checked.outcome;
  const done = await discipline.work(checked.proceed, pass);
  const { object } = pass;
  const after = await currentVersion(discipline.s3, object.bucket, object.key);
  if (after === undefined && discipline.onSourceRemoved === 'remove-outputs') return sourceGone(done);
  if (after === undefined || isCurrentVersion(done.version, after)) return done.result;
  if (pass.repair >= (discipline.maxRepairs ?? DEFAULT_MAX_REPAIRS))
    throw new TransientError(
      'SOURCE_UNSTABLE',
      `s3://${object.bucket}/${object.key} kept changing while it was ${discipline.action}`,
    );
  const repair = { object: { ...object, ...after, size: undefined }, repair: pass.repair + 1 };
  return repairOutcome(after, await attempt(discipline, repair), done.abandoned ?? []);
}

/**
 * Runs a pipeline's work so that its outputs describe the key's current version: `check` (is the
 * event's version current, is it already done?), `work`, then a re-check of the key's current
 * version. When a newer version arrived while the work wrote, the work is redone from that version
 * (check included, so a repair that finds the newer version already written ends there), up to
 * `maxRepairs` times; the object then ends `superseded`, listing what the repairs rewrote and, as
 * `replaced`, the abandoned outputs they did not rewrite. A key deleted meanwhile leaves the outputs
 * as written (the event's version was the last one), unless `onSourceRemoved` is `remove-outputs`:
 * then they go, and the object ends `superseded` (the removal's own event records the removal).
 *
 * @throws {TransientError} `SOURCE_UNSTABLE` when the key still changed after the last repair (retried).
 * @example
 * return keepOutputsCurrent(object, {
 *   s3,
 *   action: 'copied',
 *   check: async ({ object }) => {
 *     const source = await eventSource(s3, object);
 *     if (source === undefined) return { outcome: superseded(await currentVersion(s3, object.bucket, object.key)) };
 *     return { proceed: source };
 *   },
 *   work: async (source) => ({
 *     version: objectVersionOf(source.head),
 *     result: written('copied', [await copy(source)]),
 *   }),
 * });
 */
export function keepOutputsCurrent<Checked>(
  object: S3ObjectRef,
  discipline: VersionDiscipline<Checked>,
): Promise<ProcessResult> {
  return attempt(discipline, { object, repair: 0 });
}
