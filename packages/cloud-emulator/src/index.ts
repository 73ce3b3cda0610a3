export { startEmulator, exportEmulatorEnv, EMULATOR_ENV, type RunningEmulator } from './emulator.js';
export {
  selectTier,
  NoEmulatorError,
  NO_EMULATOR_HELP,
  type EmulatorTier,
  type TierChoice,
  type TierProbes,
} from './tiers/select-tier.js';
export { isDockerReachable } from './tiers/docker-probe.js';
export { waitForEndpoint } from './tiers/endpoint-probe.js';
export {
  findMotoCommand,
  startMotoServer,
  freeLoopbackPort,
  MOTO_LAUNCHER,
  motoChecksNoSignatures,
  type RunningMoto,
} from './tiers/moto-server.js';
export { startLocalStack, DEFAULT_LOCALSTACK_IMAGE, type RunningLocalStack } from './tiers/localstack.js';
export {
  enforceIam,
  exportIamEnv,
  iamEnforced,
  IAM_MODE_VARIABLE,
  type AwsCredentials,
  type IamMode,
} from './iam-enforcement.js';
export {
  s3Event,
  s3EventRecord,
  encodeS3EventKey,
  nextSequencer,
  type S3EventRecordInput,
} from './s3-event.js';
export { readBody, listKeys } from './s3-objects.js';
export {
  invokeFunction,
  jsonLogLines,
  lambdaEnvironment,
  type FunctionCredentials,
  type DeployedFunction,
  type InvocationResult,
  type InvokeOptions,
} from './lambda-process/invoke-handler.js';
export {
  WarmWorker,
  type WarmInvocationResult,
  type InvocationControls,
  type InvocationMeasures,
} from './lambda-process/warm-worker.js';
export {
  FunctionWorkers,
  type FunctionWorkersOptions,
  type FunctionWorkersStats,
  type ExecutionRoleCredentials,
} from './lambda-process/worker-pool.js';
