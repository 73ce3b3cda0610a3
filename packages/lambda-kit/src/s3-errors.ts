import { PermanentError, PipelineError, TransientError } from './errors.js';

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** S3 error names that mean "this input cannot be processed": recorded, not retried. */
const PERMANENT_BY_NAME: Readonly<Record<string, string>> = {
  NoSuchKey: 'OBJECT_NOT_FOUND',
  NotFound: 'OBJECT_NOT_FOUND',
  NoSuchVersion: 'OBJECT_NOT_FOUND',
  PreconditionFailed: 'OBJECT_CHANGED',
  InvalidObjectState: 'OBJECT_ARCHIVED',
  KeyTooLongError: 'KEY_TOO_LONG',
  MetadataTooLarge: 'METADATA_TOO_LARGE',
};

/** 400s about the moment, not the request (a slow or damaged transfer): a retry may succeed. */
const TRANSIENT_BAD_REQUESTS: Readonly<Record<string, string>> = {
  RequestTimeout: 'S3_UNAVAILABLE',
  BadDigest: 'S3_UNAVAILABLE',
  IncompleteBody: 'S3_UNAVAILABLE',
  RequestTimeTooSkewed: 'S3_UNAVAILABLE',
};

/** Names that need an operator (IAM, bucket policy, KMS, missing bucket): thrown, so the
 * event is retried and then lands in the failure destination, from where it can be redriven. */
const OPERATIONAL_BY_NAME: Readonly<Record<string, string>> = {
  AccessDenied: 'ACCESS_DENIED',
  Forbidden: 'ACCESS_DENIED',
  AllAccessDisabled: 'ACCESS_DENIED',
  InvalidAccessKeyId: 'ACCESS_DENIED',
  KMS_AccessDenied: 'ACCESS_DENIED',
  ExpiredToken: 'ACCESS_DENIED',
  InvalidToken: 'ACCESS_DENIED',
  TokenRefreshRequired: 'ACCESS_DENIED',
  NoSuchBucket: 'BUCKET_NOT_FOUND',
};

const THROTTLING = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

function errorName(error: SdkErrorShape): string {
  for (const candidate of [error.name, error.Code, error.code]) {
    if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error') return candidate;
  }
  return 'Error';
}

function statusOf(error: SdkErrorShape): number | undefined {
  const status = error.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** No HTTP response: socket errors (`ECONNRESET`, `ETIMEDOUT`, ...) and the SDK's timeouts. */
function isNetworkFailure(error: SdkErrorShape): boolean {
  const code = typeof error.code === 'string' ? error.code : '';
  return /^E[A-Z_]+$/.test(code) || error.name === 'TimeoutError' || error.name === 'RequestTimeout';
}

function describe(name: string, status: number | undefined, action: string): string {
  return `${action} failed: ${name}${status === undefined ? '' : ` (HTTP ${status})`}`;
}

/**
 * Classifies an error from an S3 call by its name and HTTP status (never its message):
 *
 * | error | class | code |
 * | --- | --- | --- |
 * | NoSuchKey, NotFound (404), NoSuchVersion | Permanent | OBJECT_NOT_FOUND |
 * | PreconditionFailed (412, the pinned ETag no longer matches) | Permanent | OBJECT_CHANGED |
 * | InvalidObjectState (archived) | Permanent | OBJECT_ARCHIVED |
 * | KeyTooLongError, MetadataTooLarge | Permanent | KEY_TOO_LONG, METADATA_TOO_LARGE |
 * | any other 400 (the request itself is malformed) | Permanent | S3_REQUEST_INVALID |
 * | RequestTimeout, BadDigest, IncompleteBody (400s about the transfer) | Transient | S3_UNAVAILABLE |
 * | AccessDenied (403), ExpiredToken, NoSuchBucket | Transient | ACCESS_DENIED, BUCKET_NOT_FOUND |
 * | SlowDown/Throttling, 429, 503 | Transient | S3_THROTTLED |
 * | other 5xx | Transient | S3_UNAVAILABLE |
 * | no HTTP response (timeouts, resets) | Transient | NETWORK |
 * | anything else | Transient | S3_UNEXPECTED |
 *
 * AccessDenied is deliberately transient: it means our IAM/KMS/bucket policy is wrong,
 * not that the input is bad; recording it as a rejection would quietly drop every object
 * during a misconfiguration. (Grant `s3:ListBucket` on the source, or S3 answers a missing
 * key with 403 instead of 404.) Unknown errors are transient so nothing is dropped silently.
 * An error that already is a {@link PipelineError} is returned unchanged.
 */
export function classifyS3Error(error: unknown, action = 'S3 request'): PermanentError | TransientError {
  if (error instanceof PipelineError) return error;
  const shape: SdkErrorShape = typeof error === 'object' && error !== null ? error : {};
  const name = errorName(shape);
  const status = statusOf(shape);
  const message = describe(name, status, action);
  // Names first (NoSuchBucket is a 404 too), then the bare status for unnamed HEAD responses.
  const permanentCode = PERMANENT_BY_NAME[name];
  if (permanentCode !== undefined) return new PermanentError(permanentCode, message, { cause: error });
  const operationalCode = OPERATIONAL_BY_NAME[name] ?? (status === 403 ? 'ACCESS_DENIED' : undefined);
  if (operationalCode !== undefined) return new TransientError(operationalCode, message, { cause: error });
  const transientCode = TRANSIENT_BAD_REQUESTS[name];
  if (transientCode !== undefined) return new TransientError(transientCode, message, { cause: error });
  const statusCode =
    status === 404
      ? 'OBJECT_NOT_FOUND'
      : status === 412
        ? 'OBJECT_CHANGED'
        : status === 400
          ? 'S3_REQUEST_INVALID'
          : undefined;
  if (statusCode !== undefined) return new PermanentError(statusCode, message, { cause: error });
  if (THROTTLING.has(name) || status === 429 || status === 503)
    return new TransientError('S3_THROTTLED', message, { cause: error });
  if (status !== undefined && status >= 500)
    return new TransientError('S3_UNAVAILABLE', message, { cause: error });
  if (status === undefined && isNetworkFailure(shape))
    return new TransientError('NETWORK', message, { cause: error });
  return new TransientError('S3_UNEXPECTED', message, { cause: error });
}

/** Runs an S3 call and rethrows any failure classified by {@link classifyS3Error}. */
export async function withS3Errors<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw classifyS3Error(error, action);
  }
}

/**
 * Like {@link withS3Errors}, but an object (or version) that is not there gives `undefined`
 * instead of an error: for lookups where absence is an answer.
 */
export async function unlessNotFound<T>(action: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await withS3Errors(action, call);
  } catch (error) {
    if (error instanceof PermanentError && error.code === 'OBJECT_NOT_FOUND') return undefined;
    throw error;
  }
}
