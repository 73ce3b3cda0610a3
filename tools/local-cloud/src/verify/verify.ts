/**
 * The run's truth: for every input, what its current version ended as, checked against S3. An
 * output a record claims counts only if it exists with the stated size; every output any version's
 * record wrote must, if it still exists, describe the key's current version.
 */
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  objectVersionOf,
  unquotedETag,
  type CatalogKind,
  type OutcomeKind,
  type OutcomeMeasures,
  type WrittenObject,
} from '@pipeline/lambda-kit';
import type { DeliveryResult } from '../run/event-delivery.js';
import type { NewObject } from '../run/object-watcher.js';
import { describes, readOutput, type SourceVersion } from './provenance.js';

/** A check an input failed. */
type CheckName =
  /** A record of the current version claims an output that is not in S3. */
  | 'output-missing'
  /** ... or that has another size than the record states. */
  | 'output-size'
  /** An output (of any version's record) that still exists describes an older version. */
  | 'stale-output'
  /** The current version's event was reported superseded. */
  | 'current-superseded'
  /** The current version's event failed, but its record is not in the failure destination. */
  | 'failure-not-queued'
  /** The key was deleted and its function handles deletions, but an output of it is still in S3. */
  | 'output-left'
  /** The object catalog (catalog-check.ts) has no item for the input, though its outcome writes one. */
  | 'catalog-missing'
  /** ... or its item describes another version, another outcome, or other outputs. */
  | 'catalog-version'
  | 'catalog-outcome'
  | 'catalog-outputs';

interface Problem {
  readonly check: CheckName;
  readonly detail: string;
}

/** What the report keeps of an input's object catalog item (catalog-check.ts). */
export interface CatalogSummary {
  readonly kind: CatalogKind;
  readonly versionId: string | undefined;
  readonly outputCount: number;
  /** Write request units of one write of the item (the cost table's DynamoDB column). */
  readonly writeUnits: number;
}

/** One input (a key, as one pipeline handled it) and how its current version ended. */
export interface InputVerdict {
  readonly bucket: string;
  readonly key: string;
  readonly pipeline: string;
  readonly current: { readonly versionId: string | undefined; readonly eTag: string };
  /** The current version's outcome (`removed` once deleted); `missing` when no delivery of it ended. */
  readonly outcome: OutcomeKind | 'missing';
  readonly detail: string;
  readonly outputs: readonly WrittenObject[];
  /** The deciding record's counts, when it has any. */
  readonly measures?: OutcomeMeasures;
  readonly deliveries: number;
  readonly failureMessageId: string | undefined;
  readonly problems: readonly Problem[];
  /** The input's object catalog item, once read (catalog-check.ts). */
  readonly catalog?: CatalogSummary;
}

/** Which delivery decides an input: the first kind in this order that a current-version delivery reached. */
const DECIDING: readonly OutcomeKind[] = ['written', 'rejected', 'skipped', 'superseded', 'failed'];

function sameVersion(result: DeliveryResult, current: SourceVersion): boolean {
  if (result.versionId !== undefined || current.versionId !== undefined)
    return result.versionId === current.versionId;
  return unquotedETag(result.eTag) === unquotedETag(current.eTag);
}

async function currentVersion(s3: S3Client, bucket: string, key: string): Promise<SourceVersion | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const { versionId, eTag = '' } = objectVersionOf(head);
    return { bucket, key, versionId, eTag };
  } catch {
    return undefined;
  }
}

async function checkOutputs(
  s3: S3Client,
  current: SourceVersion,
  all: readonly DeliveryResult[],
): Promise<Problem[]> {
  const problems: Problem[] = [];
  // What the current version's records state of each output: sizes, since duplicates rewrite it
  // (a manifest's size changes with its duration), and which write landed last is not known.
  const stated = new Map<string, number[]>();
  for (const r of all.filter((d) => sameVersion(d, current)))
    for (const o of r.outputs)
      stated.set(`${o.bucket}/${o.key}`, [...(stated.get(`${o.bucket}/${o.key}`) ?? []), o.bytes]);
  const everyOutput = new Map<string, WrittenObject>();
  for (const result of all) for (const o of result.outputs) everyOutput.set(`${o.bucket}/${o.key}`, o);
  for (const [id, output] of everyOutput) {
    const found = await readOutput(s3, output.bucket, output.key);
    const sizes = stated.get(id);
    if (found === undefined) {
      if (sizes !== undefined) problems.push({ check: 'output-missing', detail: `s3://${id} is not in S3` });
      continue;
    }
    if (sizes !== undefined && !sizes.includes(found.bytes))
      problems.push({
        check: 'output-size',
        detail: `s3://${id} has ${found.bytes} bytes, the records say ${[...new Set(sizes)].join(' or ')}`,
      });
    const describesCurrent = describes(found.provenance, current);
    // Where the output says nothing of its source, the records tell: only older versions' records wrote it.
    const stale = describesCurrent === undefined ? sizes === undefined : !describesCurrent;
    if (stale)
      problems.push({ check: 'stale-output', detail: `s3://${id} describes an older version of the input` });
  }
  return problems;
}

/** The run's last deletion of a key (chaos's removals): the version it removed, and the event it sent. */
export interface Removal {
  readonly before: SourceVersion;
  readonly event: NewObject;
}

function detailOf(deciding: DeliveryResult): string {
  return deciding.code !== undefined && !deciding.detail.includes(deciding.code)
    ? `${deciding.detail} (${deciding.code})`
    : deciding.detail;
}

/**
 * The verdict on a deleted key whose function handles deletions: its removal delivery decides, and no
 * output that any of its deliveries wrote may be left in S3.
 */
async function verifyRemoved(
  s3: S3Client,
  input: { readonly bucket: string; readonly key: string; readonly pipeline: string },
  deliveries: readonly DeliveryResult[],
  removal: Removal,
): Promise<InputVerdict> {
  const removals = deliveries.filter((d) => d.cause === 'remove');
  const deciding =
    removals.find((r) => r.outcome === 'removed') ??
    removals.find((r) => r.outcome === 'failed') ??
    removals[0];
  const outputs = new Map<string, WrittenObject>();
  for (const d of deliveries.filter((r) => r.cause !== 'remove'))
    for (const o of d.outputs) outputs.set(`${o.bucket}/${o.key}`, o);
  const problems: Problem[] = [];
  for (const [id, output] of outputs)
    if ((await readOutput(s3, output.bucket, output.key)) !== undefined)
      problems.push({
        check: 'output-left',
        detail: `s3://${id} is still in S3 after its source was deleted`,
      });
  return {
    ...input,
    current: { versionId: removal.event.versionId, eTag: '' },
    outcome: deciding?.outcome ?? 'missing',
    detail: deciding === undefined ? 'no outcome for the deletion' : detailOf(deciding),
    outputs: deciding?.outputs ?? [],
    ...(deciding?.measures === undefined ? {} : { measures: deciding.measures }),
    deliveries: deliveries.length,
    failureMessageId: deciding?.failureMessageId,
    problems,
  };
}

/**
 * The verdict of one input from its deliveries (one pipeline, one key). A key the run deleted
 * (`removal`, and S3 has no current version) is judged by its removal where its function was sent
 * one, else (copy keeps its copies) by the version it removed.
 */
export async function verifyInput(
  s3: S3Client,
  input: { readonly bucket: string; readonly key: string; readonly pipeline: string },
  deliveries: readonly DeliveryResult[],
  removal?: Removal,
): Promise<InputVerdict> {
  const found = await currentVersion(s3, input.bucket, input.key);
  if (found === undefined && removal !== undefined && deliveries.some((d) => d.cause === 'remove'))
    return verifyRemoved(s3, input, deliveries, removal);
  const current = found ?? removal?.before ?? { ...input, versionId: undefined, eTag: '' };
  const ofCurrent = deliveries.filter((r) => sameVersion(r, current));
  const deciding = DECIDING.map((kind) => ofCurrent.find((r) => r.outcome === kind)).find(
    (r) => r !== undefined,
  );
  const problems = await checkOutputs(s3, current, deliveries);
  if (deciding?.outcome === 'superseded')
    problems.push({ check: 'current-superseded', detail: 'the current version was reported superseded' });
  return {
    ...input,
    current: { versionId: current.versionId, eTag: current.eTag },
    outcome: deciding?.outcome ?? 'missing',
    detail: deciding === undefined ? 'no outcome for the current version' : detailOf(deciding),
    outputs: deciding?.outputs ?? [],
    ...(deciding?.measures === undefined ? {} : { measures: deciding.measures }),
    deliveries: deliveries.length,
    failureMessageId: deciding?.failureMessageId,
    problems,
  };
}

/** Failed inputs whose failure record is not among `queued` (the failure destinations' message ids) get a problem. */
export function checkFailureQueue(
  verdicts: readonly InputVerdict[],
  queued: ReadonlySet<string>,
): InputVerdict[] {
  return verdicts.map((v) =>
    v.outcome !== 'failed' || (v.failureMessageId !== undefined && queued.has(v.failureMessageId))
      ? v
      : {
          ...v,
          problems: [
            ...v.problems,
            {
              check: 'failure-not-queued' as const,
              detail: 'its failure record is not in the failure destination',
            },
          ],
        },
  );
}
