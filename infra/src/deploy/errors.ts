/** Failures of the reviewed-plan check that are not a disagreement between plans (bad input files). */
import { InfraError } from '../errors.js';

export class PlanCheckError extends InfraError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('PLAN_CHECK_FAILED', message, options);
    this.name = 'PlanCheckError';
  }
}
