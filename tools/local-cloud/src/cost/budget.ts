/**
 * The budget gate for CI (`pnpm start -- --budget`): an invocation whose peak memory passes 80% of
 * the deployed memory, or whose modelled duration passes 80% of the timeout, would be one change
 * away from running out of memory or time on Lambda. Each is named, with its function and input.
 */
import { modelledDurationMs, type FunctionShape, type InvocationMeasure } from './model.js';
import { HEADROOM } from './right-size.js';

export interface BudgetViolation {
  readonly functionName: string;
  readonly input: string;
  readonly what: 'memory' | 'duration';
  readonly message: string;
}

/** Every invocation over budget; empty when all fit. */
export function budgetViolations(
  functionName: string,
  measures: readonly InvocationMeasure[],
  shape: FunctionShape,
): BudgetViolation[] {
  const violations: BudgetViolation[] = [];
  for (const measure of measures) {
    const memoryLimit = HEADROOM * shape.memoryMb;
    if (measure.peakRssMb > memoryLimit)
      violations.push({
        functionName,
        input: measure.input,
        what: 'memory',
        message: `${functionName} on ${measure.input}: peak memory ${Math.round(measure.peakRssMb)} MB is over 80% of its ${shape.memoryMb} MB`,
      });
    const duration = modelledDurationMs(measure, shape.memoryMb);
    if (duration > HEADROOM * shape.timeoutSeconds * 1000)
      violations.push({
        functionName,
        input: measure.input,
        what: 'duration',
        message: `${functionName} on ${measure.input}: modelled duration ${duration} ms is over 80% of its ${shape.timeoutSeconds} s timeout`,
      });
  }
  return violations;
}
