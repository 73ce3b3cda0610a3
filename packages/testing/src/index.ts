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
  setVersioning,
  cleanupTestBuckets,
  deleteBucketWithContents,
  listKeys,
  objectVersionPages,
} from './buckets.js';
export { s3Event, s3EventRecord, encodeS3EventKey, type S3EventRecordInput } from './s3-event.js';
export { readBody } from './body.js';
export { putObjectForEvent } from './put-object.js';
export { holdFirstWrite, WRITE_COMMANDS, type HeldWrite } from './held-write.js';
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
  type InvocationMeasures,
} from './lambda-process/warm-worker.js';
export {
  FunctionWorkers,
  type FunctionWorkersOptions,
  type FunctionWorkersStats,
  type ExecutionRoleCredentials,
} from './lambda-process/worker-pool.js';
export { thrownBy } from './thrown.js';
export { emfBlobs, emfTotals, type EmfBlob } from './emf.js';
export { testCredentials, testIamClient, testStsClient, type AwsCredentials } from './clients.js';
export { MOTO_LAUNCHER, motoChecksNoSignatures } from './tiers/moto-server.js';
export {
  enforceIam,
  exportIamEnv,
  iamEnforced,
  IAM_MODE_VARIABLE,
  type IamMode,
} from './iam/iam-enforcement.js';
export {
  DEFAULT_TEST_STACK,
  defaultSynthesizedStack,
  readSynthesizedStack,
  synthesizedEnvironment,
  synthesizedFunction,
  synthesizedStackPath,
  SynthesizedStackError,
  type SynthesizedFunction,
} from './iam/synthesized-function.js';
export type { IamPolicyDocument, IamStatement, IamConditions } from './iam/policy-document.js';
export {
  placeRolePolicies,
  folderForm,
  folderMoves,
  type FolderMove,
  type RolePlacement,
  type FolderLocation,
  type PlacedPolicies,
} from './iam/role-placement.js';
export { isAllowed } from './iam/policy-evaluation.js';
export { s3PermissionsFor, type S3Permission } from './iam/s3-permissions.js';
export {
  assumeFunctionRole,
  TEST_ROLE_PATH,
  type FunctionRole,
  type FunctionRoleOptions,
} from './iam/function-role.js';
export {
  functionRoles,
  bucketsNamedBy,
  type FunctionRoles,
  type FunctionRolesOptions,
} from './iam/function-roles.js';
export { observedCalls } from './iam/role-activity.js';
export type { ObservedS3Call, ObservedPermission, S3CallResult } from './iam/s3-call-record.js';
export { summarizeS3Calls, renderS3CallTable, type S3CallRow } from './iam/s3-call-table.js';
export { readS3CallRows, S3_CALLS_FILE } from './iam/s3-call-files.js';
