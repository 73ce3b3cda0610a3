/**
 * infra's programmatic API, for tools that deploy or read the stacks (tools/local-cloud) without
 * touching cdktf themselves: every `cdktf` import stays in this package.
 */
export type { LambdaArtifact } from './artifacts.js';
export {
  ENVIRONMENT_NAMES,
  PIPELINE_NAMES,
  athenaWorkgroupNameOf,
  bucketNameOf,
  catalogTableNameOf,
  failureQueueNameOf,
  functionNameOf,
  glueDatabaseNameOf,
  loadEnvironment,
  type BatchOperationsConfig,
  type EnvironmentConfig,
  type EnvironmentName,
  type PipelineName,
} from './config/index.js';
export {
  deployToEmulator,
  destroyEmulatorDeployment,
  type DeployedFunction,
  type EmulatorDeployOptions,
  type EmulatorDeployment,
} from './emulator-deploy.js';
export {
  PIPELINES,
  byPipeline,
  configOf,
  requireConfigOf,
  type PipelineRegistry,
  type PipelinesConfig,
} from './pipelines/registry.js';
export {
  definePipelineModule as definePipelineModule,
  type LocalInputs,
  type Pipeline,
  type PipelineModule,
} from './pipelines/kit/define.js';
export { localInputKey } from './pipelines/kit/local-inputs.js';
export type { FunctionOutputs, StackOutputs } from './stacks/outputs.js';
export type { QueryOutputs } from './stacks/query-catalog.js';
export { pipelineTarget, type PipelineTarget, type PipelineTargetOptions } from './operations.js';
export {
  InfraConfigError,
  InfraError,
  MissingArtifactError,
  TerraformError,
  TerraformUnavailableError,
  type InfraErrorCode,
} from './errors.js';
export { buildApp, stackName, synthesize, type BuildOptions } from './synth.js';
export {
  runTerraform,
  terraformAvailability,
  type TerraformAvailability,
  type TerraformOptions,
} from './terraform/index.js';
