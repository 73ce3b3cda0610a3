// The emulator and the warm Lambda environments live in @pipeline/cloud-emulator; the names tests use
// from it are re-exported here, so a test imports its helpers from one place.
export {
  startEmulator,
  exportEmulatorEnv,
  EMULATOR_ENV,
  selectTier,
  NoEmulatorError,
  NO_EMULATOR_HELP,
  isDockerReachable,
  waitForEndpoint,
  findMotoCommand,
  startMotoServer,
  freeLoopbackPort,
  MOTO_LAUNCHER,
  motoChecksNoSignatures,
  startLocalStack,
  DEFAULT_LOCALSTACK_IMAGE,
  enforceIam,
  exportIamEnv,
  iamEnforced,
  IAM_MODE_VARIABLE,
  s3Event,
  s3EventRecord,
  encodeS3EventKey,
  readBody,
  listKeys,
  invokeFunction,
  jsonLogLines,
  lambdaEnvironment,
  WarmWorker,
  FunctionWorkers,
  type RunningEmulator,
  type EmulatorTier,
  type TierChoice,
  type TierProbes,
  type RunningMoto,
  type RunningLocalStack,
  type IamMode,
  type S3EventRecordInput,
  type FunctionCredentials,
  type DeployedFunction,
  type InvocationResult,
  type InvokeOptions,
  type WarmInvocationResult,
  type InvocationControls,
  type InvocationMeasures,
  type FunctionWorkersOptions,
  type FunctionWorkersStats,
  type ExecutionRoleCredentials,
} from '@pipeline/cloud-emulator';
export { emulatorEndpoint, testS3Client, testSqsClient } from './clients.js';
export {
  uniqueName,
  createTestBucket,
  setVersioning,
  cleanupTestBuckets,
  deleteBucketWithContents,
  objectVersionPages,
} from './buckets.js';
export { deleteObjectForEvent, putObjectForEvent } from './put-object.js';
export { holdFirstWrite, WRITE_COMMANDS, type HeldWrite } from './held-write.js';
export { invokeArtifact, type ArtifactRun, type ArtifactRunOptions } from './artifact-run.js';
export { thrownBy } from './thrown.js';
export { emfBlobs, emfTotals, type EmfBlob } from './emf.js';
export { testCredentials, testIamClient, testStsClient, type AwsCredentials } from './clients.js';
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
export {
  catalogTableArn,
  createCatalogTable,
  synthesizedCatalogTable,
  testDynamoDbClient,
  type CatalogTableSchema,
} from './catalog.js';
