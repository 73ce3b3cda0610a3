/**
 * Classifies a failed catalog (DynamoDB) call by error name and HTTP status, never its message.
 * Every one is transient: the object's outcome could not be recorded, so the event is retried and
 * then lands in the failure queue (the outputs already written stay, and the retry finds them).
 */
import { PipelineError, TransientError } from './errors.js';

const BY_NAME: Readonly<Record<string, string>> = {
  AccessDeniedException: 'ACCESS_DENIED',
  AccessDenied: 'ACCESS_DENIED',
  UnrecognizedClientException: 'ACCESS_DENIED',
  ExpiredTokenException: 'ACCESS_DENIED',
  KMSAccessDeniedException: 'ACCESS_DENIED',
  ResourceNotFoundException: 'CATALOG_TABLE_NOT_FOUND',
  ProvisionedThroughputExceededException: 'CATALOG_THROTTLED',
  ThrottlingException: 'CATALOG_THROTTLED',
  RequestLimitExceeded: 'CATALOG_THROTTLED',
  TransactionConflictException: 'CATALOG_THROTTLED',
};

/**
 * @example throw classifyCatalogError(error, 'UpdateItem pipeline-dev-catalog'); // ACCESS_DENIED, CATALOG_THROTTLED, ...
 */
export function classifyCatalogError(error: unknown, action: string): TransientError {
  if (error instanceof TransientError) return error;
  if (error instanceof PipelineError) return new TransientError(error.code, error.message, { cause: error });
  const shape = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  const status = shape.$metadata?.httpStatusCode;
  const code =
    BY_NAME[name] ??
    (status === 403 ? 'ACCESS_DENIED' : status === 429 ? 'CATALOG_THROTTLED' : 'CATALOG_UNAVAILABLE');
  const suffix = typeof status === 'number' ? ` (HTTP ${status})` : '';
  return new TransientError(code, `${action} failed: ${name}${suffix}`, { cause: error });
}
