export type {
  ArchiveStorageClass,
  Architecture,
  BackendConfig,
  BucketRole,
  CopyPipelineConfig,
  EnvironmentConfig,
  EnvironmentName,
  EtlPipelineConfig,
  FunctionSettings,
  LifecycleConfig,
  LogLevel,
  PipelineName,
  PipelinesConfig,
  ResizePipelineConfig,
  S3Location,
} from './types.js';
export { BUCKET_ROLES, ENVIRONMENT_NAMES, PIPELINE_NAMES } from './types.js';
export {
  COLUMN_TYPES,
  DEMO_DATASETS,
  serializeDatasets,
  type ColumnDefinition,
  type ColumnType,
  type DatasetDefinition,
} from './datasets.js';
export { DEFAULT_PIPELINES, ENVIRONMENTS } from './environments.js';
export {
  LOG_RETENTION_DAYS,
  RESIZE_VARIANTS,
  isEnvironmentName,
  loadEnvironment,
  validateEnvironment,
} from './validate.js';
export { locationsOverlap, outputLocations, triggerLocations } from './locations.js';
