/**
 * One uploaded CSV object end to end: find its dataset, check its size against the limits before
 * any download, convert it with the engine (which streams the outputs to S3 as they are written),
 * then write the manifest. Takes its configuration and clients as parameters so tests inject them.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DuckDBInstance } from '@duckdb/node-api';
import {
  isCurrentVersion,
  keepOutputsCurrent,
  skipped,
  sourceMetadata,
  superseded,
  unlessNotFound,
  unquotedETag,
  written,
  writtenObject,
  type ObjectVersion,
  type Log,
  type OnSourceRemoved,
  type ProcessResult,
  type S3ObjectRef,
  type VersionAttempt,
  type VersionCheck,
  type VersionWrite,
  type WrittenObject,
} from '@pipeline/lambda-kit';
import type { EtlConfig } from './config.js';
import { datasetForKey, dialectFor, type DatasetSpec } from './dataset-config.js';
import { isGzipKey } from './decode.js';
import { convertCsv, type EngineOptions, type EngineResult } from './engine/engine.js';
import { UnreadableCsvError } from './errors.js';
import { manifestKey, outputKeys, sourceStem } from './keys.js';
import { checkInputSize, derivedMaxBytes, freeBytes, resolveLimits, type ByteLimits } from './limits.js';
import { buildManifest, type Manifest } from './manifest.js';
import { headSource, putJson, readManifest, s3Outputs, sourceBody, type SourceHead } from './s3-io.js';

export interface EtlDeps {
  readonly s3: S3Client;
  readonly log: Log;
  readonly duckdb: () => Promise<DuckDBInstance>;
  /** Milliseconds left in the invocation, where the handler knows them (the time-derived limits use it). */
  readonly remainingMs?: () => number;
  /** PipelineContext.onSourceRemoved: with `remove-outputs`, a removed source is converted no more. @default 'keep' */
  readonly onSourceRemoved?: OnSourceRemoved;
}

function datasetOf(config: EtlConfig, object: S3ObjectRef): DatasetSpec {
  const dataset = datasetForKey(config.datasets, object.key);
  if (!dataset)
    throw new UnreadableCsvError(
      'NO_DATASET',
      `No dataset is configured for key ${JSON.stringify(object.key)}`,
    );
  return dataset;
}

function engineOptions(config: EtlConfig): EngineOptions {
  return {
    rowGroupRows: config.rowGroupRows,
    threads: config.duckdbThreads,
    sampleRows: 1_000,
    maxLineBytes: config.maxRecordBytes,
    workDir: config.workDir,
  };
}

/** The limits for this object: configured ones, the rest derived from free space and time left now. */
async function limitsNow(config: EtlConfig, deps: EtlDeps): Promise<ByteLimits> {
  const derived = derivedMaxBytes(
    await freeBytes(config.workDir),
    config.duckdbThreads,
    deps.remainingMs?.(),
  );
  return resolveLimits(config.limits, derived);
}

/** Converts the object, with its outputs streamed to their keys. */
async function convert(
  config: EtlConfig,
  deps: EtlDeps,
  object: S3ObjectRef,
  dataset: DatasetSpec,
  head: SourceHead,
  limits: ByteLimits,
) {
  // The ETag of what is read (the event's, checked current), so outputs are named after their rows.
  const identity = { key: object.key, eTag: unquotedETag(head.eTag), lastModified: head.lastModified };
  const keys = outputKeys(identity, dataset, {
    curated: config.curatedPrefix,
    rejected: config.rejectedPrefix,
  });
  const dialect = dialectFor(dataset.parse, object.key);
  const input = {
    source: sourceBody(deps.s3, object, head),
    decode: { gzipped: isGzipKey(object.key), encoding: dialect.encoding, limits },
    dataset,
    dialect,
  };
  const result = await convertCsv(
    deps.duckdb,
    input,
    s3Outputs(
      deps.s3,
      config.destinationBucket,
      keys,
      sourceMetadata(object, { versionId: head.versionId, eTag: identity.eTag }),
    ),
    engineOptions(config),
  );
  return { result, keys, eTag: identity.eTag };
}

/** Every object a conversion wrote, manifest last (S3's `null` version of an unversioned bucket left out). */
function writtenObjects(result: EngineResult, manifest: WrittenObject): WrittenObject[] {
  const { parquet, ndjson, rejectedRows } = result.written;
  return [parquet, ndjson, ...(rejectedRows ? [rejectedRows] : []), manifest].map((o) =>
    writtenObject(o.bucket, o.key, o.bytes, o.versionId),
  );
}

/**
 * What the event names, as S3 has it now: its version when that is still the key's current one
 * (unversioned: the current object when it still has the event's ETag), `superseded` otherwise. A
 * key deleted since still gives the event's version.
 */
async function eventHead(s3: S3Client, object: S3ObjectRef): Promise<SourceHead | ObjectVersion | undefined> {
  const current = await unlessNotFound(`HeadObject ${object.key}`, () =>
    headSource(s3, { ...object, versionId: undefined }),
  );
  if (current === undefined) return headSource(s3, object);
  const version = { versionId: current.versionId, eTag: unquotedETag(current.eTag) };
  return isCurrentVersion(object, version) ? current : version;
}

function isHead(value: SourceHead | ObjectVersion | undefined): value is SourceHead {
  return value !== undefined && 'lastModified' in value;
}

/** Whether the key's manifest describes the version `head` is. */
function describesVersion(manifest: Manifest | undefined, head: SourceHead): boolean {
  return (
    manifest !== undefined &&
    manifest.source.eTag === unquotedETag(head.eTag) &&
    manifest.source.versionId === head.versionId
  );
}

/** The earlier version's outputs that this version did not write: they go (lambda-kit deletes them). */
function replacedOutputs(previous: Manifest | undefined, written: readonly WrittenObject[]): string[] {
  const now = new Set(written.map((o) => o.key));
  return (previous?.outputs ?? []).map((o) => o.key).filter((key) => !now.has(key));
}

/** The outputs a manifest names, manifest last (as a conversion lists them): what a duplicate finds in place. */
function manifestOutputs(
  config: EtlConfig,
  manifestAt: string,
  manifest: Manifest | undefined,
): WrittenObject[] {
  const outputs = (manifest?.outputs ?? []).map((o) => writtenObject(o.bucket, o.key, o.bytes));
  // The manifest's own size is not recorded in it; 0 stands for "in place, size not read".
  return [...outputs, writtenObject(config.destinationBucket, manifestAt, 0)];
}

/** What the check read: the version to convert, its dataset and limits, and the key's manifest. */
interface CheckedSource {
  readonly started: number;
  readonly dataset: DatasetSpec;
  readonly limits: ByteLimits;
  readonly head: SourceHead;
  readonly previous: Manifest | undefined;
}

/** Whether the attempt's version is the key's current one and not converted yet, within the limits. */
async function checkSource(
  config: EtlConfig,
  deps: EtlDeps,
  { object, repair }: VersionAttempt,
): Promise<VersionCheck<CheckedSource>> {
  const started = performance.now();
  const dataset = datasetOf(config, object);
  const limits = await limitsNow(config, deps);
  checkInputSize(object.size, limits);
  const head = await eventHead(deps.s3, object);
  if (!isHead(head)) return { outcome: superseded(head) };
  checkInputSize(head.size, limits);
  const manifestAt = manifestKey(object.key, dataset, { curated: config.curatedPrefix });
  const previous = await readManifest(deps.s3, config.destinationBucket, manifestAt);
  // The manifest is written last: one that describes this version means its outputs are complete.
  // A repair never skips: it must rewrite over what the older version left.
  if (repair === 0 && describesVersion(previous, head))
    return { outcome: skipped('duplicate', manifestOutputs(config, manifestAt, previous)) };
  return { proceed: { started, dataset, limits, head, previous } };
}

/** Converts the checked version and writes its manifest. */
async function convertVersion(
  config: EtlConfig,
  deps: EtlDeps,
  object: S3ObjectRef,
  checked: CheckedSource,
  requestId: string | undefined,
): Promise<VersionWrite> {
  const { dataset, head, previous } = checked;
  const { result, keys, eTag } = await convert(config, deps, object, dataset, head, checked.limits);
  const manifest = buildManifest({
    dataset: dataset.name,
    source: { bucket: object.bucket, key: object.key, eTag, versionId: head.versionId, size: head.size },
    result,
    durationMs: performance.now() - checked.started,
    requestId,
  });
  const manifestObject = await putJson(deps.s3, config.destinationBucket, keys.manifest, manifest);
  if (result.unplacedRejects)
    deps.log.warn('quarantined rows without a line number', {
      key: object.key,
      count: result.unplacedRejects,
    });
  const outputs = writtenObjects(result, manifestObject);
  return {
    version: { versionId: head.versionId, eTag },
    result: written('converted', outputs, {
      measures: {
        rowsRead: result.rowsRead,
        rowsWritten: result.rowsWritten,
        rowsRejected: result.rowsRejected,
      },
      source: { versionId: head.versionId, eTag, size: head.size },
      replaced: replacedOutputs(previous, outputs),
      manifest: keys.manifest,
    }),
    // The manifest's key is the source key's, not this version's: whoever converts next rewrites it.
    // What the older version wrote goes when a repair replaces it: a conversion of the newer version
    // that started before it may not have seen it in the manifest.
    abandoned: outputs.filter((o) => o.key !== keys.manifest).map((o) => o.key),
  };
}

/**
 * Converts one object under the source prefix (lambda-kit skips the rest and the function's own
 * outputs), so that the dataset holds the key's current version only: an event for an older version
 * writes nothing (`superseded`); a new version replaces the earlier version's outputs (named by the
 * key's manifest); when a newer version arrives during the conversion, it is redone from that one
 * (lambda-kit's {@link keepOutputsCurrent} keeps the discipline).
 * Throws PermanentError for unreadable or too large input, anything else to retry.
 */
export function processCsvObject(
  config: EtlConfig,
  deps: EtlDeps,
  object: S3ObjectRef,
  requestId?: string,
): Promise<ProcessResult> {
  return keepOutputsCurrent(object, {
    s3: deps.s3,
    action: 'converted',
    onSourceRemoved: deps.onSourceRemoved ?? 'keep',
    check: (attempt) => checkSource(config, deps, attempt),
    work: (checked, attempt) => convertVersion(config, deps, attempt.object, checked, requestId),
  });
}

/** The key's manifest and every output it names: what a rejected version leaves no trace of. */
export async function outputsOfKey(config: EtlConfig, s3: S3Client, object: S3ObjectRef): Promise<string[]> {
  const dataset = datasetForKey(config.datasets, object.key);
  if (dataset === undefined) return [];
  const manifestAt = manifestKey(object.key, dataset, { curated: config.curatedPrefix });
  const manifest = await readManifest(s3, config.destinationBucket, manifestAt);
  return manifest === undefined ? [] : [manifestAt, ...manifest.outputs.map((o) => o.key)];
}

/** Where the rejection record of a whole-file failure goes: one per source key (a fixed re-upload clears it). */
export function rejectionKey(config: EtlConfig, object: S3ObjectRef): string {
  const dataset = datasetForKey(config.datasets, object.key);
  if (!dataset) return `${config.rejectedPrefix}_unmatched/${object.key}.rejection.json`;
  return `${config.rejectedPrefix}${dataset.name}/${sourceStem(object.key)}.rejection.json`;
}
