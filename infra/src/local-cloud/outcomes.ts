import { jsonLogLines, type InvocationResult } from '@pipeline/testing';

/** The three ends an input can reach (ARCHITECTURE.md: nothing is silently dropped). */
export type Outcome = 'written' | 'rejected' | 'failed';

export interface ObjectOutput {
  readonly bucket: string;
  readonly key: string;
  readonly bytes: number | undefined;
}

/** What one invocation said about one object, read from its structured log lines. */
export interface ObjectReport {
  readonly outcome: Outcome;
  /** The function's own word for it, e.g. `copied`, `skipped`, `rendered`, `rejected`. */
  readonly detail: string;
  readonly outputs: readonly ObjectOutput[];
  readonly code: string | undefined;
}

type LogLine = Record<string, unknown>;

/**
 * Outputs a handler named in its outcome line: lists under `outputs` or `variants` (objects or keys),
 * single keys under `destination`, `destinationKey`, `manifest` or `rejectionKey`. Keys without a
 * bucket are in the function's destination bucket.
 */
export function outputsOf(line: LogLine, destinationBucket?: string): ObjectOutput[] {
  const outputs: ObjectOutput[] = [];
  const push = (value: unknown, fallbackBucket: unknown): void => {
    if (typeof value === 'string')
      outputs.push({ bucket: String(fallbackBucket ?? ''), key: value, bytes: undefined });
    else if (typeof value === 'object' && value !== null) {
      const o = value as Record<string, unknown>;
      const key = o.key ?? o.Key;
      if (typeof key !== 'string') return;
      const bytes = o.bytes ?? o.size ?? o.sizeBytes;
      outputs.push({
        bucket: String(o.bucket ?? fallbackBucket ?? ''),
        key,
        bytes: typeof bytes === 'number' ? bytes : undefined,
      });
    }
  };
  const bucket = line.destinationBucket ?? line.outputBucket ?? destinationBucket;
  for (const list of [line.outputs, line.variants])
    if (Array.isArray(list)) for (const output of list) push(output, bucket);
  if (line.destination !== undefined) push(line.destination, bucket);
  if (typeof line.destinationKey === 'string')
    push({ bucket, key: line.destinationKey, bytes: line.bytes }, bucket);
  for (const single of [line.manifest, line.rejectionKey])
    if (typeof single === 'string') push({ bucket, key: single }, bucket);
  return outputs;
}

/** The report an invocation's logs give for `key` in `bucket`, if it logged an outcome for it. */
export function reportFromLogs(
  result: InvocationResult,
  bucket: string,
  key: string,
  destinationBucket?: string,
): ObjectReport | undefined {
  const lines = jsonLogLines(result.logs).filter(
    (l) => l.key === key && (l.bucket === undefined || l.bucket === bucket) && typeof l.outcome === 'string',
  );
  const line = lines[lines.length - 1];
  if (line === undefined) return undefined;
  const outcomeWord = String(line.outcome);
  const outcome: Outcome =
    outcomeWord === 'rejected' ? 'rejected' : outcomeWord === 'failed' ? 'failed' : 'written';
  // Row counts (etl) say more than the word alone.
  const rows =
    typeof line.rowsWritten === 'number'
      ? ` (${line.rowsWritten} rows, ${Number(line.rowsRejected ?? 0)} rejected)`
      : '';
  const detail = `${outcomeWord}${rows}`;
  return {
    outcome,
    detail,
    outputs: outputsOf(line, destinationBucket),
    code: typeof line.code === 'string' ? line.code : undefined,
  };
}
