/**
 * Builds outcome records from what the kit knows (the event record, the request) and what the
 * pipeline's `process` returned.
 */
import type { IgnoredRecord, InvalidRecord, S3ObjectRef } from './event.js';
import { OUTCOME_SCHEMA, type ObjectOutcome, type OutcomeSource, type ProcessResult } from './outcome.js';

/** The outcome source of an event record. */
export function sourceOf(object: S3ObjectRef): OutcomeSource {
  return {
    bucket: object.bucket,
    key: object.key,
    ...(object.versionId === undefined ? {} : { versionId: object.versionId }),
    ...(object.eTag === undefined ? {} : { eTag: object.eTag }),
    ...(object.size === undefined ? {} : { size: object.size }),
  };
}

/** The outcome of a processed result, with the kit's common fields. */
export function fromResult(
  name: string,
  requestId: string,
  source: OutcomeSource,
  result: ProcessResult,
  durationMs: number,
): ObjectOutcome {
  const common = { schema: OUTCOME_SCHEMA, pipeline: name, requestId, durationMs } as const;
  switch (result.kind) {
    case 'written': {
      const { source: learned, replaced: _replaced, ...rest } = result;
      return { ...common, ...rest, source: { ...source, ...learned } };
    }
    case 'skipped':
      return { ...common, ...result, source, written: [] };
    case 'superseded': {
      const { replaced: _replaced, ...rest } = result;
      return { ...common, ...rest, source, written: result.written ?? [] };
    }
  }
}

/** The `skipped` record of an event record the parser set aside (test event, other event type, folder). */
export function ignoredOutcome(name: string, requestId: string, record: IgnoredRecord): ObjectOutcome {
  return {
    schema: OUTCOME_SCHEMA,
    pipeline: name,
    requestId,
    kind: 'skipped',
    reason: record.reason,
    source: { bucket: record.bucket ?? '', key: record.key ?? '' },
    written: [],
    durationMs: 0,
  };
}

/** The `failed` record of an unreadable event record (thrown with the event, so Lambda retries it). */
export function invalidOutcome(name: string, requestId: string, record: InvalidRecord): ObjectOutcome {
  return {
    schema: OUTCOME_SCHEMA,
    pipeline: name,
    requestId,
    kind: 'failed',
    code: record.error.code,
    message: record.error.message,
    retried: true,
    source: { bucket: record.bucket ?? '', key: record.key ?? '' },
    written: [],
    durationMs: 0,
  };
}
