export type {
  ArchiveStorageClass,
  Architecture,
  BackendConfig,
  BatchOperationsConfig,
  BucketRole,
  EnvironmentConfig,
  EnvironmentName,
  FunctionSettings,
  LifecycleConfig,
  LogLevel,
  PipelineName,
  PipelinesConfig,
  S3Location,
} from './types.js';
export { BUCKET_ROLES, ENVIRONMENT_NAMES } from './types.js';
export { PIPELINE_NAMES, PIPELINES, type PipelineRegistry } from '../pipelines/registry.js';
export { ENVIRONMENTS, defaultPipelines, environmentDefaults } from './environments.js';
export { LOG_RETENTION_DAYS, isEnvironmentName, loadEnvironment, validateEnvironment } from './validate.js';
export { locationsOverlap, outputLocations, triggerLocations, type NamedLocation } from './locations.js';
export { bucketNameOf, failureQueueNameOf, functionNameOf } from './names.js';
