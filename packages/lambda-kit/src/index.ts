export { BatchError, processBatch, type BatchFailure, type BatchOptions } from './batch.js';
export {
  batchResultOf,
  batchTaskObjects,
  isBatchOperationsEvent,
  type BatchOperationsEvent,
  type BatchOperationsResult,
  type BatchOperationsTask,
  type BatchResultCode,
} from './batch-operations.js';
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
  isRemoval,
  parseS3Event,
  type IgnoredRecord,
  type IgnoreReason,
  type InvalidRecord,
  type ParsedS3Event,
  type S3ObjectRef,
} from './event.js';
export {
  definePipeline,
  onSourceRemoved,
  recordConcurrency,
  type PipelineHandler,
  type PipelineOverrides,
  type PipelineResult,
} from './pipeline.js';
export type {
  OnSourceRemoved,
  PipelineConfigBase,
  PipelineContext,
  PipelineSpec,
  RecordConcurrency,
} from './pipeline-spec.js';
export {
  bytesWritten,
  countByKind,
  type CatalogWrite,
  OUTCOME_KINDS,
  OUTCOME_LOG_FIELD,
  OUTCOME_SCHEMA,
  SKIP_REASONS,
  skipped,
  superseded,
  written,
  writtenObject,
  type FailedOutcome,
  type ObjectOutcome,
  type OutcomeKind,
  type OutcomeMeasures,
  type OutcomeSource,
  type ProcessResult,
  type RejectedOutcome,
  type RemovedOutcome,
  type SkippedOutcome,
  type SkipReason,
  type SupersededOutcome,
  type WrittenObject,
  type WrittenOutcome,
} from './outcome.js';
export { outcomesFromLogs, OutcomeRecordError, parseOutcome } from './outcome-reader.js';
export { captureClients, createTracer, traceInvocation, Tracer } from './tracing.js';
export {
  createOutcomeMetrics,
  DEFAULT_METRICS_NAMESPACE,
  measureMetricName,
  objectsMetricName,
  type OutcomeMetrics,
} from './outcome-metrics.js';
export { currentVersion, isCurrentVersion } from './current-version.js';
export {
  objectVersionOf,
  unquotedETag,
  versionIdOf,
  type ObjectVersion,
  type S3VersionFields,
} from './object-version.js';
export {
  DEFAULT_MAX_REPAIRS,
  keepOutputsCurrent,
  type VersionAttempt,
  type VersionCheck,
  type VersionDiscipline,
  type VersionWrite,
} from './version-discipline.js';
export { decodeS3Key, isUnderPrefix, joinKey, normalizePrefix, relativeKey } from './keys.js';
export { createLogger, LOG_LEVELS, type Log, type LogLevel } from './logger.js';
export { MemoryLog, type LogLine } from './memory-log.js';
export {
  fittingRejectionKey,
  MAX_KEY_BYTES,
  rejectionRecord,
  writeRejection,
  type RejectionRecord,
} from './rejection.js';
export { createS3Client, endpointFromEnv } from './s3-client.js';
export {
  SOURCE_IDENTITY_NAME,
  sourceIdentity,
  sourceMetadata,
  type SourceIdentityParts,
  type SourceVersionRef,
} from './source-metadata.js';
export { classifyS3Error, unlessNotFound, withS3Errors } from './s3-errors.js';
export {
  CATALOG_KEY,
  CATALOG_MAX_OUTPUTS,
  CATALOG_SCHEMA,
  CATALOG_TABLE_VARIABLE,
  CATALOG_TOMBSTONE_SECONDS,
  CATALOG_TTL_ATTRIBUTE,
  catalogSourceUri,
  type CatalogItem,
  type CatalogKind,
  type CatalogOrder,
  type CatalogOutput,
  type CatalogSource,
} from './catalog-item.js';
export { catalogFromEnv, type Catalog } from './catalog-client.js';
export { catalogItemOf, type CatalogContext } from './catalog-build.js';
export { attributeOf, plainOf, type Plain } from './catalog-attributes.js';
export { putParts, updateParts, writeCatalogItem } from './catalog-write.js';
export { classifyCatalogError } from './catalog-errors.js';
export { readCatalogItem } from './catalog-read.js';
