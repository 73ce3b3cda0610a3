/**
 * The cost figures recomputed from a run's raw measures, independently of src/cost (by the stated
 * model and the us-east-1 list prices), for tests that read a `--cost` report.
 */

/** One raw measure as the `--json` report carries it. */
interface RawMeasure {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly queuedMs?: number;
  readonly peakRssMb: number;
  readonly s3Requests: Record<string, number>;
  readonly bytesWritten: number;
  readonly catalogWriteUnits?: number;
}

export interface CostRowJson {
  readonly pipeline: string;
  readonly shape: { readonly memoryMb: number; readonly architecture: 'x86_64' | 'arm64' };
  readonly measures: readonly RawMeasure[];
  readonly cost: {
    readonly invocations: number;
    readonly gbSecondsPerInvocation: number;
    readonly p99DurationMs: number;
    readonly perMillion: {
      readonly lambda: number;
      readonly s3Requests: number;
      readonly dynamodb: number;
      readonly total: number;
    };
    readonly storagePerMillionPerMonth: number;
  };
}

export interface CostSection {
  readonly rows: readonly CostRowJson[];
  readonly overBudget: readonly {
    readonly functionName: string;
    readonly input: string;
    readonly what: 'memory' | 'duration';
    readonly message: string;
  }[];
}

/** S3's PUT-rate operations among those the pipelines send; deletes are free; the rest are GETs. */
const PUT_RATE = new Set([
  'PutObject',
  'CopyObject',
  'CreateMultipartUpload',
  'UploadPart',
  'UploadPartCopy',
  'CompleteMultipartUpload',
  'ListObjectsV2',
  'PutObjectTagging',
]);
const FREE = new Set(['DeleteObject', 'DeleteObjects', 'AbortMultipartUpload']);

export function recomputedCost(row: CostRowJson) {
  const { memoryMb, architecture } = row.shape;
  const n = row.measures.length;
  const durations = row.measures
    .map((m) =>
      Math.max(
        1,
        Math.ceil(
          Math.max(0, m.wallMs - m.cpuMs - (m.queuedMs ?? 0)) +
            (m.cpuMs * 1769) / Math.min(memoryMb, 6 * 1769),
        ),
      ),
    )
    .sort((a, b) => a - b);
  const gbSecondsPerInvocation = durations.reduce((sum, ms) => sum + (ms / 1000) * (memoryMb / 1024), 0) / n;
  const perGbSecond = architecture === 'arm64' ? 0.0000133334 : 0.0000166667;
  const requestUsd = row.measures.reduce(
    (sum, m) =>
      sum +
      Object.entries(m.s3Requests).reduce(
        (s, [op, count]) => s + count * (FREE.has(op) ? 0 : PUT_RATE.has(op) ? 0.005 / 1000 : 0.0004 / 1000),
        0,
      ),
    0,
  );
  const bytes = row.measures.reduce((sum, m) => sum + m.bytesWritten, 0) / n;
  // $0.625 per million write request units (DynamoDB on demand, us-east-1).
  const writeUnits = row.measures.reduce((sum, m) => sum + (m.catalogWriteUnits ?? 0), 0) / n;
  return {
    gbSecondsPerInvocation,
    p99DurationMs: durations[Math.max(0, Math.ceil(0.99 * n) - 1)] ?? 0,
    lambda: 1e6 * (0.2 / 1e6 + gbSecondsPerInvocation * perGbSecond),
    s3Requests: (1e6 * requestUsd) / n,
    dynamodb: writeUnits * 0.625,
    storage: ((1e6 * bytes) / 1024 ** 3) * 0.023,
  };
}
