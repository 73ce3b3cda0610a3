/**
 * One uploaded CSV object end to end: find its dataset, check its size against the limits before
 * any download, convert it with the engine (which streams the outputs to S3 as they are written),
 * then write the manifest. Takes its configuration and clients as parameters so tests inject them.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DuckDBInstance } from '@duckdb/node-api';
import {
  written,
  writtenObject,
  type Log,
  type ProcessResult,
  type S3ObjectRef,
  type WrittenObject,
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

export interface EtlDeps {
  readonly s3: S3Client;
  readonly log: Log;
  readonly duckdb: () => Promise<DuckDBInstance>;
  /** Milliseconds left in the invocation, where the handler knows them (the time-derived limits use it). */
  readonly remainingMs?: () => number;
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

/** Every object a conversion wrote, manifest last (S3's `null` version of an unversioned bucket left out). */
function writtenObjects(result: EngineResult, manifest: WrittenObject): WrittenObject[] {
  const { parquet, ndjson, rejectedRows } = result.written;
  return [parquet, ndjson, ...(rejectedRows ? [rejectedRows] : []), manifest].map((o) =>
    writtenObject(o.bucket, o.key, o.bytes, o.versionId),
  );
}

/**
 * Converts one object under the source prefix (lambda-kit skips the rest and the function's own
 * outputs); throws PermanentError for unreadable or too large input, anything else to retry.
 */
export async function processCsvObject(
  config: EtlConfig,
  deps: EtlDeps,
  object: S3ObjectRef,
  requestId?: string,
): Promise<ProcessResult> {
  const started = performance.now();
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
  return written('converted', writtenObjects(result, manifestObject), {
    measures: {
      rowsRead: result.rowsRead,
      rowsWritten: result.rowsWritten,
      rowsRejected: result.rowsRejected,
    },
    source: { versionId: head.versionId, eTag: eTag.replace(/"/g, ''), size: head.size },
  });
}

/** Where the rejection record of a whole-file failure goes (derived from the key and ETag only). */
export function rejectionKey(config: EtlConfig, object: S3ObjectRef): string {
  const dataset = datasetForKey(config.datasets, object.key);
  if (!dataset) return `${config.rejectedPrefix}_unmatched/${object.key}.rejection.json`;
  const stem = `${sourceName(object.key)}-${shortEtag(object.eTag ?? 'unknown')}`;
  return `${config.rejectedPrefix}${dataset.name}/${stem}.rejection.json`;
}
