/**
 * Which memory size would cost least for the measured invocations while keeping headroom: peak
 * memory under 80% of the size and p99 modelled duration under 80% of the timeout. What AWS Lambda
 * Power Tuning answers by running on an account, answered from the local measures and the model.
 */
import {
  modelledDurationMs,
  percentile,
  pipelineCost,
  type FunctionShape,
  type InvocationMeasure,
} from './model.js';
import type { Prices } from './prices.js';

/** The share of memory and timeout an invocation may use before the budget gate fails it. */
export const HEADROOM = 0.8;

/** Sizes tried: Lambda's range, with the vCPU steps (1,769 MB per vCPU) among them. */
const CANDIDATE_MEMORY_MB = [
  128, 256, 512, 768, 1024, 1536, 1769, 2048, 3008, 3538, 4096, 5120, 5307, 6144, 7076, 8192, 10240,
] as const;

export interface SizeRecommendation {
  /** The cheapest size that keeps both margins, or undefined when none does. */
  readonly memoryMb: number | undefined;
  readonly perMillion: number | undefined;
  readonly p99DurationMs: number | undefined;
  /** Why the sizes below it were refused. */
  readonly reason: string;
}

function fits(
  measures: readonly InvocationMeasure[],
  memoryMb: number,
  timeoutSeconds: number,
): string | undefined {
  const peak = Math.max(0, ...measures.map((m) => m.peakRssMb));
  if (peak >= HEADROOM * memoryMb) return `peak memory ${Math.round(peak)} MB is over 80% of ${memoryMb} MB`;
  const p99 = percentile(
    measures.map((m) => modelledDurationMs(m, memoryMb)),
    0.99,
  );
  if (p99 >= HEADROOM * timeoutSeconds * 1000)
    return `p99 duration ${p99} ms is over 80% of the ${timeoutSeconds} s timeout`;
  return undefined;
}

/** The cheapest candidate size for these measures, keeping 20% headroom on memory and timeout. */
export function rightSize(
  measures: readonly InvocationMeasure[],
  shape: FunctionShape,
  prices: Prices,
): SizeRecommendation {
  let best: SizeRecommendation | undefined;
  let refused = 'no measures';
  for (const memoryMb of CANDIDATE_MEMORY_MB) {
    const why = fits(measures, memoryMb, shape.timeoutSeconds);
    if (why !== undefined) {
      refused = why;
      continue;
    }
    const cost = pipelineCost(measures, { ...shape, memoryMb }, prices);
    if (best === undefined || (best.perMillion ?? Infinity) > cost.perMillion.lambda)
      best = {
        memoryMb,
        perMillion: cost.perMillion.lambda,
        p99DurationMs: cost.p99DurationMs,
        reason: refused,
      };
  }
  return best ?? { memoryMb: undefined, perMillion: undefined, p99DurationMs: undefined, reason: refused };
}
