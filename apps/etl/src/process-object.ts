/**
 * One uploaded CSV object end to end: find its dataset, stream it through the pipeline into
 * multipart uploads (Parquet, NDJSON, and rejected rows when there are any), then write the
 * manifest. Takes its configuration and clients as parameters so tests inject them.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { isUnderPrefix, PermanentError, rejectionRecord, writeRejection, type Log, type ObjectResult, type S3ObjectRef } from '@pipeline/lambda-kit';
import type { EtlConfig } from './config.js';
import { datasetForKey, type DatasetSpec } from './dataset-config.js';
import { csvText, isGzipKey } from './decode.js';
import { UnreadableCsvError } from './errors.js';
import { DEFAULT_INGEST_OPTIONS, ingestCsv, type IngestResult, type IngestSinks } from './ingest.js';
import { outputKeys, shortEtag, sourceName, type OutputKeys } from './keys.js';
import { buildManifest } from './manifest.js';
import { openSource, putJson, uploadSink, type SourceObject, type UploadSink } from './s3-io.js';

export interface EtlDeps {
  readonly s3: S3Client;
  readonly log: Log;
}

function prefixes(config: EtlConfig): { curated: string; rejected: string } {
  return { curated: config.curatedPrefix, rejected: config.rejectedPrefix };
}

/** Our own outputs never feed back in, even if a notification filter is too wide. */
function isOwnOutput(config: EtlConfig, object: S3ObjectRef): boolean {
  return object.bucket === config.destinationBucket && (isUnderPrefix(object.key, config.curatedPrefix) || isUnderPrefix(object.key, config.rejectedPrefix));
}

function datasetOf(config: EtlConfig, object: S3ObjectRef): DatasetSpec {
  const dataset = datasetForKey(config.datasets, object.key);
  if (!dataset) throw new UnreadableCsvError('NO_DATASET', `No dataset is configured for key ${JSON.stringify(object.key)}`);
  return dataset;
}

/** Opens the uploads lazily and remembers them, so a failed run can abort every one. */
class Uploads {
  private readonly open: UploadSink[] = [];

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  sink(key: string, contentType: string): UploadSink['sink'] {
    const upload = uploadSink(this.s3, this.bucket, key, contentType);
    this.open.push(upload);
    return upload.sink;
  }

  async abortAll(): Promise<void> {
    await Promise.all(this.open.map((upload) => upload.abort()));
  }
}

function sinksFor(uploads: Uploads, keys: OutputKeys): IngestSinks {
  return {
    parquet: uploads.sink(keys.parquet, 'application/vnd.apache.parquet'),
    ndjson: uploads.sink(keys.ndjson, 'application/x-ndjson'),
    rejected: () => uploads.sink(keys.rejectedRows, 'text/csv'),
  };
}

async function runIngest(config: EtlConfig, s3: S3Client, dataset: DatasetSpec, source: SourceObject, key: string, keys: OutputKeys): Promise<IngestResult> {
  const uploads = new Uploads(s3, config.destinationBucket);
  try {
    const options = { ...DEFAULT_INGEST_OPTIONS, rowGroupRows: config.rowGroupRows };
    return await ingestCsv(csvText(source.body, isGzipKey(key)), dataset, sinksFor(uploads, keys), options);
  } catch (error) {
    await uploads.abortAll();
    throw error;
  }
}

/** Converts one object; throws PermanentError for unreadable input, anything else to retry. */
export async function processCsvObject(config: EtlConfig, deps: EtlDeps, object: S3ObjectRef, requestId?: string): Promise<ObjectResult> {
  const started = performance.now();
  if (isOwnOutput(config, object)) return { outcome: 'skipped', reason: 'own-output' };
  if (!isUnderPrefix(object.key, config.sourcePrefix)) return { outcome: 'skipped', reason: 'outside-source-prefix' };
  const dataset = datasetOf(config, object);
  const source = await openSource(deps.s3, object);
  const identity = { key: object.key, eTag: object.eTag ?? source.eTag, lastModified: source.lastModified };
  const keys = outputKeys(identity, dataset, prefixes(config));
  const result = await runIngest(config, deps.s3, dataset, source, object.key, keys);
  const manifest = buildManifest({
    dataset: dataset.name,
    source: { bucket: object.bucket, key: object.key, eTag: identity.eTag, versionId: source.versionId, size: source.size },
    result,
    outputs: { bucket: config.destinationBucket, parquet: keys.parquet, ndjson: keys.ndjson, rejectedRows: keys.rejectedRows },
    durationMs: performance.now() - started,
    requestId,
  });
  await putJson(deps.s3, config.destinationBucket, keys.manifest, manifest);
  return { outcome: 'converted', dataset: dataset.name, rowsRead: result.rowsRead, rowsWritten: result.rowsWritten, rowsRejected: result.rowsRejected, manifest: keys.manifest };
}

/** Where the rejection record of a whole-file failure goes (derived from the key and ETag only). */
export function rejectionKey(config: EtlConfig, object: S3ObjectRef): string {
  const dataset = datasetForKey(config.datasets, object.key);
  if (!dataset) return `${config.rejectedPrefix}_unmatched/${object.key}.rejection.json`;
  const stem = `${sourceName(object.key)}-${shortEtag(object.eTag ?? 'unknown')}`;
  return `${config.rejectedPrefix}${dataset.name}/${stem}.rejection.json`;
}

/** Records a whole-file rejection; a failed write throws so the event is retried. */
export async function recordRejection(config: EtlConfig, s3: S3Client, object: S3ObjectRef, error: PermanentError, requestId?: string): Promise<void> {
  await writeRejection(s3, config.destinationBucket, rejectionKey(config, object), rejectionRecord(object, error, requestId));
}
