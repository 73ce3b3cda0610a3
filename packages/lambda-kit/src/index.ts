export { BatchError, processBatch, type BatchFailure, type BatchOptions } from './batch.js';
export {
  bucketName,
  commaList,
  jsonValue,
  keyPrefix,
  maybeString,
  oneOf,
  optionalOneOf,
  optionalString,
  positiveInt,
  requiredString,
  type Env,
} from './env.js';
export {
  ConfigError,
  errorCode,
  EventShapeError,
  isPermanentError,
  isTransientError,
  KeyDecodeError,
  PermanentError,
  PipelineError,
  TransientError,
} from './errors.js';
export {
  parseS3Event,
  type IgnoredRecord,
  type IgnoreReason,
  type InvalidRecord,
  type ParsedS3Event,
  type S3ObjectRef,
} from './event.js';
export {
  createS3Handler,
  type ObjectResult,
  type S3EventHandler,
  type S3HandlerOptions,
  type S3HandlerSummary,
} from './handler.js';
export { decodeS3Key, isUnderPrefix, joinKey, normalizePrefix, relativeKey } from './keys.js';
export { createLogger, LOG_LEVELS, type Log, type LogLevel } from './logger.js';
export { MemoryLog, type LogLine } from './memory-log.js';
export { rejectionRecord, writeRejection, type RejectionRecord } from './rejection.js';
export { createS3Client, endpointFromEnv } from './s3-client.js';
export { classifyS3Error, unlessNotFound, withS3Errors } from './s3-errors.js';
