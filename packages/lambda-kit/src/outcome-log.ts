import type { Log } from './logger.js';
import { OUTCOME_LOG_FIELD, type ObjectOutcome } from './outcome.js';

/**
 * Logs an outcome record as the one line its object gets, under the field `outcome`: failures as
 * errors, rejections and the recursion guard as warnings, everything else as information.
 */
export function logOutcome(log: Log, outcome: ObjectOutcome, error?: unknown): void {
  const attributes = { [OUTCOME_LOG_FIELD]: outcome, ...(error === undefined ? {} : { error }) };
  const message = `object ${outcome.kind}`;
  if (outcome.kind === 'failed') log.error(message, attributes);
  else if (outcome.kind === 'rejected') log.warn(message, attributes);
  else if (outcome.kind === 'skipped' && outcome.reason === 'own-output')
    log.warn(`${message}: recursion guard, the object lies in the function's own folders`, attributes);
  else log.info(message, attributes);
}
