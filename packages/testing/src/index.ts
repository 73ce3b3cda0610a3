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
export { findMotoCommand, startMotoServer, freeLoopbackPort, type RunningMoto } from './tiers/moto-server.js';
export { startLocalStack, DEFAULT_LOCALSTACK_IMAGE, type RunningLocalStack } from './tiers/localstack.js';
export { emulatorEndpoint, testS3Client, testSqsClient } from './clients.js';
export {
  uniqueName,
  createTestBucket,
  cleanupTestBuckets,
  deleteBucketWithContents,
  listKeys,
  objectVersionPages,
} from './buckets.js';
export { s3Event, s3EventRecord, encodeS3EventKey, type S3EventRecordInput } from './s3-event.js';
export { readBody } from './body.js';
export { putObjectForEvent } from './put-object.js';
export {
  invokeFunction,
  jsonLogLines,
  lambdaEnvironment,
  type FunctionCredentials,
  type DeployedFunction,
  type InvocationResult,
  type InvokeOptions,
} from './lambda-process/invoke-handler.js';
export { invokeArtifact, type ArtifactRun, type ArtifactRunOptions } from './lambda-process/artifact-run.js';
export {
  WarmWorker,
  type WarmInvocationResult,
  type InvocationControls,
} from './lambda-process/warm-worker.js';
export {
  FunctionWorkers,
  type FunctionWorkersOptions,
  type FunctionWorkersStats,
  type ExecutionRoleCredentials,
} from './lambda-process/worker-pool.js';
export { thrownBy } from './thrown.js';
export { emfBlobs, emfTotals, type EmfBlob } from './emf.js';
