export type {
  Architecture,
  BackendConfig,
  BatchOperationsConfig,
  CatalogConfig,
  BucketRole,
  EnvironmentConfig,
  EnvironmentName,
  FunctionSettings,
  PipelineName,
  S3Location,
} from './types.js';
export { BUCKET_ROLES, ENVIRONMENT_NAMES } from './types.js';
export { PIPELINE_NAMES, PIPELINES, type PipelineRegistry } from '../pipelines/registry.js';
export { ENVIRONMENTS } from './environments.js';
export { loadEnvironment, validateEnvironment } from './validate.js';
export { bucketNameOf, catalogTableNameOf, failureQueueNameOf, functionNameOf } from './names.js';
