/**
 * One uploaded CSV object end to end: find its dataset, stage it on local disk, convert it with
 * DuckDB, upload Parquet and NDJSON (multipart, streamed from disk) and the rejected rows, then
 * write the manifest. Takes its configuration and clients as parameters so tests inject them.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import {
  written,
  type Log,
  type ProcessResult,
  type S3ObjectRef,
  type WrittenObject,
} from '@pipeline/lambda-kit';
import type { EtlConfig } from './config.js';
import { datasetForKey, type DatasetSpec } from './dataset-config.js';
import type { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isGzipKey } from './decode.js';
import { convertStaged, type EngineOptions } from './engine/engine.js';
import { stageCsv } from './engine/stage.js';
import { UnreadableCsvError } from './errors.js';
import { outputKeys, shortEtag, sourceName, type OutputKeys } from './keys.js';
import { buildManifest, type ConversionResult } from './manifest.js';
import { openSource, putJson, uploadFiles, uploadSink, type SourceObject, type UploadSink } from './s3-io.js';

export interface EtlDeps {
  readonly s3: S3Client;
  readonly log: Log;
  readonly duckdb: () => Promise<DuckDBInstance>;
}

function prefixes(config: EtlConfig): { curated: string; rejected: string } {
  return { curated: config.curatedPrefix, rejected: config.rejectedPrefix };
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

interface Job {
  readonly config: EtlConfig;
  readonly deps: EtlDeps;
  readonly dataset: DatasetSpec;
  readonly keys: OutputKeys;
  readonly dir: string;
}

function engineOptions(config: EtlConfig): EngineOptions {
  return {
    rowGroupRows: config.rowGroupRows,
    threads: config.duckdbThreads,
    sampleRows: 1_000,
    maxLineBytes: config.maxRecordBytes,
  };
}

/** Stages, converts, and uploads; the quarantine streams straight to S3 as it is found. */
async function convertAndUpload(job: Job, source: SourceObject, key: string): Promise<ConversionResult> {
  const { config, deps, dir, keys } = job;
  const staged = await stageCsv(source.body, isGzipKey(key), join(dir, 'input.csv'));
  const files = {
    staging: join(dir, 'staging.parquet'),
    parquet: join(dir, 'out.parquet'),
    ndjsonPart: (index: number) => join(dir, `out.${index}.ndjson`),
  };
  let rejected: UploadSink | undefined;
  const openRejected = () =>
    (rejected = uploadSink(deps.s3, config.destinationBucket, keys.rejectedRows, 'text/csv')).sink;
  try {
    const result = await convertStaged(
      deps.duckdb,
      staged,
      job.dataset,
      { ...files, rejected: openRejected },
      engineOptions(config),
    );
    await Promise.all([
      uploadFiles(
        deps.s3,
        config.destinationBucket,
        keys.parquet,
        [files.parquet],
        'application/vnd.apache.parquet',
      ),
      uploadFiles(deps.s3, config.destinationBucket, keys.ndjson, result.ndjsonParts, 'application/x-ndjson'),
    ]);
    return result;
  } catch (error) {
    await rejected?.abort();
    throw error;
  }
}

/** Every object a conversion wrote, in write order (the rejected rows only when there were any). */
function writtenObjects(
  config: EtlConfig,
  keys: OutputKeys,
  result: ConversionResult,
  manifestBytes: number,
): WrittenObject[] {
  const bucket = config.destinationBucket;
  return [
    { bucket, key: keys.parquet, bytes: result.bytes.parquet },
    { bucket, key: keys.ndjson, bytes: result.bytes.ndjson },
    ...(result.rowsRejected > 0 ? [{ bucket, key: keys.rejectedRows, bytes: result.bytes.rejected }] : []),
    { bucket, key: keys.manifest, bytes: manifestBytes },
  ];
}

/**
 * Converts one object under the source prefix (lambda-kit skips the rest and the function's own
 * outputs); throws PermanentError for unreadable input, anything else to retry.
 */
export async function processCsvObject(
  config: EtlConfig,
  deps: EtlDeps,
  object: S3ObjectRef,
  requestId?: string,
): Promise<ProcessResult> {
  const started = performance.now();
  const dataset = datasetOf(config, object);
  const source = await openSource(deps.s3, object);
  const identity = { key: object.key, eTag: object.eTag ?? source.eTag, lastModified: source.lastModified };
  const keys = outputKeys(identity, dataset, prefixes(config));
  const dir = await mkdtemp(join(config.workDir, 'etl-'));
  try {
    const result = await convertAndUpload({ config, deps, dataset, keys, dir }, source, object.key);
    const manifest = buildManifest({
      dataset: dataset.name,
      source: {
        bucket: object.bucket,
        key: object.key,
        eTag: identity.eTag,
        versionId: source.versionId,
        size: source.size,
      },
      result,
      outputs: {
        bucket: config.destinationBucket,
        parquet: keys.parquet,
        ndjson: keys.ndjson,
        rejectedRows: keys.rejectedRows,
      },
      durationMs: performance.now() - started,
      requestId,
    });
    const manifestBytes = await putJson(deps.s3, config.destinationBucket, keys.manifest, manifest);
    if (result.unplacedRejects)
      deps.log.warn('quarantined rows without a line number', {
        key: object.key,
        count: result.unplacedRejects,
      });
    return written('converted', writtenObjects(config, keys, result, manifestBytes), {
      measures: {
        rowsRead: result.rowsRead,
        rowsWritten: result.rowsWritten,
        rowsRejected: result.rowsRejected,
      },
      source: { versionId: source.versionId, eTag: identity.eTag.replace(/"/g, ''), size: source.size },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Where the rejection record of a whole-file failure goes (derived from the key and ETag only). */
export function rejectionKey(config: EtlConfig, object: S3ObjectRef): string {
  const dataset = datasetForKey(config.datasets, object.key);
  if (!dataset) return `${config.rejectedPrefix}_unmatched/${object.key}.rejection.json`;
  const stem = `${sourceName(object.key)}-${shortEtag(object.eTag ?? 'unknown')}`;
  return `${config.rejectedPrefix}${dataset.name}/${stem}.rejection.json`;
}
