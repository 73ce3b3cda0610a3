/**
 * The catalog item of an outcome record: what the skeleton writes to the object catalog, built
 * from the same record that feeds the logs and the metrics (no I/O here).
 */
import {
  CATALOG_MAX_OUTPUTS,
  CATALOG_SCHEMA,
  CATALOG_TOMBSTONE_SECONDS,
  catalogSourceUri,
  type CatalogItem,
  type CatalogOutput,
} from './catalog-item.js';
import type { S3ObjectRef } from './event.js';
import type { ObjectOutcome, WrittenObject } from './outcome.js';

/**
 * DynamoDB refuses items over 400 KB. Keys are at most 1,024 bytes (the source's twice, an output's
 * once), so 100 outputs fit easily; the budget also bounds a list of unusually long keys.
 */
const OUTPUT_BYTES_BUDGET = 300 * 1024;
/** A failure's message is kept short: the full one is in the outcome's log line. */
const MESSAGE_MAX_CHARS = 1000;

/** What the item adds to the outcome: the event's order and the time. */
export interface CatalogContext {
  readonly object: Pick<S3ObjectRef, 'sequencer'>;
  /** The write's time. */
  readonly now: Date;
}

function outputOf(o: WrittenObject): CatalogOutput {
  return {
    bucket: o.bucket,
    key: o.key,
    bytes: o.bytes,
    ...(o.versionId === undefined ? {} : { versionId: o.versionId }),
    ...(o.width === undefined ? {} : { width: o.width }),
    ...(o.height === undefined ? {} : { height: o.height }),
    ...(o.format === undefined ? {} : { format: o.format }),
  };
}

/** The outputs an item lists: at most CATALOG_MAX_OUTPUTS, and within the byte budget. */
function listedOutputs(outputs: readonly WrittenObject[]): CatalogOutput[] {
  const listed: CatalogOutput[] = [];
  let bytes = 0;
  for (const o of outputs.slice(0, CATALOG_MAX_OUTPUTS)) {
    bytes += Buffer.byteLength(o.key, 'utf8') + Buffer.byteLength(o.bucket, 'utf8') + 128;
    if (bytes > OUTPUT_BYTES_BUDGET) break;
    listed.push(outputOf(o));
  }
  return listed;
}

/** What the source now has from this pipeline: a duplicate's outputs are those it found in place. */
function outputsOf(outcome: ObjectOutcome): readonly WrittenObject[] {
  return outcome.kind === 'skipped' ? (outcome.outputs ?? []) : outcome.written;
}

function rowsOf(outcome: ObjectOutcome): CatalogItem['rows'] {
  const m = outcome.measures;
  if (m?.['rowsRead'] === undefined) return undefined;
  return { read: m['rowsRead'], written: m['rowsWritten'] ?? 0, rejected: m['rowsRejected'] ?? 0 };
}

function detailOf(outcome: ObjectOutcome): Pick<CatalogItem, 'code' | 'reason' | 'message'> {
  switch (outcome.kind) {
    case 'rejected':
    case 'failed':
      return { code: outcome.code, message: outcome.message.slice(0, MESSAGE_MAX_CHARS) };
    case 'skipped':
      return { reason: outcome.reason };
    default:
      return {};
  }
}

/**
 * The item recording `outcome`; a `removed` one is a tombstone: no outputs, a TTL.
 *
 * @example const item = catalogItemOf(outcome, { object, now: new Date() });
 */
export function catalogItemOf(outcome: ObjectOutcome, context: CatalogContext): CatalogItem {
  const { source, kind } = outcome;
  const sequencer = context.object.sequencer;
  const outputs = kind === 'removed' ? [] : outputsOf(outcome);
  const listed = listedOutputs(outputs);
  const rows = rowsOf(outcome);
  const manifest = outcome.kind === 'written' ? outcome.manifest : undefined;
  return {
    sourceUri: catalogSourceUri(source.bucket, source.key),
    pipeline: outcome.pipeline,
    schema: CATALOG_SCHEMA,
    source: { ...source, ...(sequencer === undefined ? {} : { sequencer }) },
    ...(sequencer === undefined ? {} : { sequencer, sequencerLength: sequencer.length }),
    kind,
    ...(kind === 'removed' ? {} : detailOf(outcome)),
    outputs: listed,
    outputCount: outputs.length,
    ...(listed.length < outputs.length ? { outputsTruncated: true } : {}),
    ...(manifest === undefined ? {} : { manifest }),
    ...(rows === undefined || kind === 'removed' ? {} : { rows }),
    at: context.now.toISOString(),
    requestId: outcome.requestId,
    ...(kind === 'removed'
      ? {
          expiresAt: Math.floor(context.now.getTime() / 1000) + CATALOG_TOMBSTONE_SECONDS,
          removedCount: outcome.kind === 'removed' ? outcome.removed.length : 0,
        }
      : {}),
  };
}
