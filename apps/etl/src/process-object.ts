/**
 * One uploaded CSV object end to end: find its dataset, check its size against the limits before
 * any download, convert it with the engine (which streams the outputs to S3 as they are written),
 * then write the manifest. Takes its configuration and clients as parameters so tests inject them.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DuckDBInstance } from '@duckdb/node-api';
import {
  isUnderPrefix,
  PermanentError,
  rejectionRecord,
  writeRejection,
  type Log,
  type ObjectResult,
  type S3ObjectRef,
} from '@pipeline/lambda-kit';
import type { EtlConfig } from './config.js';
import { datasetForKey, dialectFor, type DatasetSpec } from './dataset-config.js';
import { isGzipKey } from './decode.js';
import { convertCsv, type EngineOptions, type EngineResult } from './engine/engine.js';
import { UnreadableCsvError } from './errors.js';
import { outputKeys, shortEtag, sourceName } from './keys.js';
import { checkInputSize, derivedMaxBytes, freeBytes, resolveLimits, type ByteLimits } from './limits.js';
import { buildManifest } from './manifest.js';
import { headSource, putJson, s3Outputs, sourceBody, type SourceHead } from './s3-io.js';
import type { WrittenObject } from './sink.js';

export interface EtlDeps {
  readonly s3: S3Client;
  readonly log: Log;
  readonly duckdb: () => Promise<DuckDBInstance>;
  /** Milliseconds left in the invocation, where the handler knows them (the time-derived limits use it). */
  readonly remainingMs?: () => number;
}

/** Our own outputs never feed back in, even if a notification filter is too wide. */
function isOwnOutput(config: EtlConfig, object: S3ObjectRef): boolean {
  return (
    object.bucket === config.destinationBucket &&
    (isUnderPrefix(object.key, config.curatedPrefix) || isUnderPrefix(object.key, config.rejectedPrefix))
  );
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
  const identity = { key: object.key, eTag: object.eTag ?? head.eTag, lastModified: head.lastModified };
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
    s3Outputs(deps.s3, config.destinationBucket, keys),
    engineOptions(config),
  );
  return { result, keys, eTag: identity.eTag };
}

/** Every object a conversion wrote, manifest last. */
function writtenObjects(result: EngineResult, manifest: WrittenObject): WrittenObject[] {
  const { parquet, ndjson, rejectedRows } = result.written;
  return [parquet, ndjson, ...(rejectedRows ? [rejectedRows] : []), manifest];
}

/** Converts one object; throws PermanentError for unreadable or too large input, anything else to retry. */
export async function processCsvObject(
  config: EtlConfig,
  deps: EtlDeps,
  object: S3ObjectRef,
  requestId?: string,
): Promise<ObjectResult> {
  const started = performance.now();
  if (isOwnOutput(config, object)) return { outcome: 'skipped', reason: 'own-output' };
  if (!isUnderPrefix(object.key, config.sourcePrefix))
    return { outcome: 'skipped', reason: 'outside-source-prefix' };
  const dataset = datasetOf(config, object);
  const limits = await limitsNow(config, deps);
  checkInputSize(object.size, limits);
  const head = await headSource(deps.s3, object);
  checkInputSize(head.size, limits);
  const { result, keys, eTag } = await convert(config, deps, object, dataset, head, limits);
  const manifest = buildManifest({
    dataset: dataset.name,
    source: { bucket: object.bucket, key: object.key, eTag, versionId: head.versionId, size: head.size },
    result,
    durationMs: performance.now() - started,
    requestId,
  });
  const manifestObject = await putJson(deps.s3, config.destinationBucket, keys.manifest, manifest);
  if (result.unplacedRejects)
    deps.log.warn('quarantined rows without a line number', {
      key: object.key,
      count: result.unplacedRejects,
    });
  return {
    outcome: 'converted',
    dataset: dataset.name,
    rowsRead: result.rowsRead,
    rowsWritten: result.rowsWritten,
    rowsRejected: result.rowsRejected,
    manifest: keys.manifest,
    written: writtenObjects(result, manifestObject),
  };
}

/** Where the rejection record of a whole-file failure goes (derived from the key and ETag only). */
export function rejectionKey(config: EtlConfig, object: S3ObjectRef): string {
  const dataset = datasetForKey(config.datasets, object.key);
  if (!dataset) return `${config.rejectedPrefix}_unmatched/${object.key}.rejection.json`;
  const stem = `${sourceName(object.key)}-${shortEtag(object.eTag ?? 'unknown')}`;
  return `${config.rejectedPrefix}${dataset.name}/${stem}.rejection.json`;
}

/** Records a whole-file rejection; a failed write throws so the event is retried. */
export async function recordRejection(
  config: EtlConfig,
  s3: S3Client,
  object: S3ObjectRef,
  error: PermanentError,
  requestId?: string,
): Promise<void> {
  await writeRejection(
    s3,
    config.destinationBucket,
    rejectionKey(config, object),
    rejectionRecord(object, error, requestId),
  );
}
