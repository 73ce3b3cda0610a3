/**
 * One row of the run's report, built from the outcome record the function logged for the object
 * (lambda-kit's reader: nothing here interprets free-form log fields).
 */
import {
  outcomesFromLogs,
  type ObjectOutcome,
  type OutcomeKind,
  type OutcomeMeasures,
  type WrittenObject,
} from '@pipeline/lambda-kit';
import type { InvocationResult } from '@pipeline/cloud-emulator';

/** What one invocation said about one object. */
export interface ObjectReport {
  readonly outcome: OutcomeKind;
  /** The record's words: the pipeline's verb and counts, the skip reason, the error. */
  readonly detail: string;
  readonly outputs: readonly WrittenObject[];
  readonly code: string | undefined;
  /** The record's counts (etl's rows read, written and rejected; resize's variants), when it has any. */
  readonly measures?: OutcomeMeasures;
}

/** The record an invocation logged for `key` in `bucket` (the last, if it logged more than one). */
function recordFor(result: InvocationResult, bucket: string, key: string): ObjectOutcome | undefined {
  const records = outcomesFromLogs(result.logs).filter(
    (o) => o.source.bucket === bucket && o.source.key === key,
  );
  return records[records.length - 1];
}

function rowCounts(record: ObjectOutcome): string {
  const rows = record.measures?.['rowsWritten'];
  return rows === undefined ? '' : ` (${rows} rows, ${record.measures?.['rowsRejected'] ?? 0} rejected)`;
}

function detailOf(record: ObjectOutcome): string {
  switch (record.kind) {
    case 'written':
      return `${record.action}${rowCounts(record)}`;
    case 'skipped':
      return `skipped (${record.reason})`;
    case 'failed':
      return `${record.code}: ${record.message}`;
    default:
      return record.kind;
  }
}

/** The report row of an outcome record. */
function reportOf(record: ObjectOutcome): ObjectReport {
  return {
    outcome: record.kind,
    detail: detailOf(record),
    outputs: record.written,
    code: record.kind === 'rejected' || record.kind === 'failed' ? record.code : undefined,
    ...(record.measures === undefined ? {} : { measures: record.measures }),
  };
}

/** The report an invocation's logs give for `key` in `bucket`, if it logged an outcome record for it. */
export function reportFromLogs(
  result: InvocationResult,
  bucket: string,
  key: string,
): ObjectReport | undefined {
  const record = recordFor(result, bucket, key);
  return record === undefined ? undefined : reportOf(record);
}
