/**
 * The cost model: what an invocation measured on this machine would cost on Lambda, and which
 * memory size would cost least. Stated once, used by `pnpm start -- --cost`, the budget gate and
 * the soak benchmark.
 *
 * Duration on Lambda = wait time + CPU time / vCPU share, where the share is what Lambda gives at
 * that memory (1,769 MB = 1 vCPU, up to 6 at 10,240 MB) and wait time is what the invocation spent
 * off the CPU (I/O: max(0, wall - CPU)). Billed in 1 ms steps, at the memory size in GB.
 */
import { requestClass, type Prices } from './prices.js';

/** Lambda gives one vCPU per 1,769 MB, up to six. */
const MB_PER_VCPU = 1769;
const MAX_VCPUS = 6;

/** What one invocation measured in a warm worker here. */
export interface InvocationMeasure {
  readonly pipeline: string;
  /** The input it handled (for the budget gate's message). */
  readonly input: string;
  readonly wallMs: number;
  /** User + system CPU time of the worker during the invocation. */
  readonly cpuMs: number;
  /** Time the worker's threads waited for a CPU of this machine (its load, not the function's): not modelled. */
  readonly queuedMs?: number;
  /** The worker's peak resident memory during the invocation. */
  readonly peakRssMb: number;
  /** S3 requests by operation, from the outcome records. */
  readonly s3Requests: Readonly<Record<string, number>>;
  /** Bytes the invocation left in S3, from the outcome records. */
  readonly bytesWritten: number;
  /** Object catalog writes the invocation made: one per outcome record the skeleton wrote an item for. */
  readonly catalogWrites?: number;
  /** Their DynamoDB write request units, once the run's items are read back (catalog-units.ts). */
  readonly catalogWriteUnits?: number;
}

/** The deployed function the measures are priced for. */
export interface FunctionShape {
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly architecture: 'x86_64' | 'arm64';
}

export function vcpuShare(memoryMb: number): number {
  return Math.min(memoryMb / MB_PER_VCPU, MAX_VCPUS);
}

/** The invocation's modelled duration on Lambda at `memoryMb`, in ms (rounded up, as billed). */
export function modelledDurationMs(
  measure: Pick<InvocationMeasure, 'wallMs' | 'cpuMs' | 'queuedMs'>,
  memoryMb: number,
): number {
  // What is left of the wall time after the CPU time and the wait for this machine's CPUs is I/O wait.
  const waitMs = Math.max(0, measure.wallMs - measure.cpuMs - (measure.queuedMs ?? 0));
  return Math.max(1, Math.ceil(waitMs + measure.cpuMs / vcpuShare(memoryMb)));
}

/** The value below which `p` of the values lie (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

export interface PipelineCost {
  readonly pipeline: string;
  readonly invocations: number;
  readonly memoryMb: number;
  readonly gbSecondsPerInvocation: number;
  readonly p99DurationMs: number;
  readonly peakRssMb: number;
  /** Object catalog write request units per invocation (DynamoDB, on-demand). */
  readonly writeUnitsPerInvocation: number;
  /** USD per million inputs like these. */
  readonly perMillion: {
    readonly lambda: number;
    readonly s3Requests: number;
    readonly dynamodb: number;
    readonly total: number;
  };
  /** USD per month to keep a million inputs' outputs in S3 Standard. */
  readonly storagePerMillionPerMonth: number;
}

/** What a million inputs like `measures` would cost for one pipeline's function at `shape`. */
export function pipelineCost(
  measures: readonly InvocationMeasure[],
  shape: FunctionShape,
  prices: Prices,
): PipelineCost {
  const n = Math.max(1, measures.length);
  const durations = measures.map((m) => modelledDurationMs(m, shape.memoryMb));
  const gbSeconds = durations.reduce((sum, ms) => sum + (ms / 1000) * (shape.memoryMb / 1024), 0) / n;
  const lambda = 1e6 * (prices.lambda.perRequest + gbSeconds * prices.lambda.perGbSecond[shape.architecture]);
  let requestCost = 0;
  for (const measure of measures)
    for (const [operation, count] of Object.entries(measure.s3Requests)) {
      const rate = requestClass(operation);
      requestCost +=
        count * (rate === 'put' ? prices.s3.perPutRequest : rate === 'get' ? prices.s3.perGetRequest : 0);
    }
  const s3Requests = (1e6 * requestCost) / n;
  const writeUnits = measures.reduce((sum, m) => sum + (m.catalogWriteUnits ?? 0), 0) / n;
  const dynamodb = 1e6 * writeUnits * prices.dynamodb.perWriteRequestUnit;
  const bytes = measures.reduce((sum, m) => sum + m.bytesWritten, 0) / n;
  return {
    pipeline: measures[0]?.pipeline ?? '',
    invocations: measures.length,
    memoryMb: shape.memoryMb,
    gbSecondsPerInvocation: gbSeconds,
    p99DurationMs: percentile(durations, 0.99),
    peakRssMb: Math.max(0, ...measures.map((m) => m.peakRssMb)),
    writeUnitsPerInvocation: writeUnits,
    perMillion: { lambda, s3Requests, dynamodb, total: lambda + s3Requests + dynamodb },
    storagePerMillionPerMonth: ((1e6 * bytes) / 1024 ** 3) * prices.s3.perGbMonth,
  };
}
