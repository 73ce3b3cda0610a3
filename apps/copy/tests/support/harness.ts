import type { PutObjectCommandInput, S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { definePipeline, MemoryLog, type PipelineHandler } from '@pipeline/lambda-kit';
import {
  catalogTableArn,
  createTestBucket,
  folderMoves,
  functionRoles,
  putObjectForEvent,
  setVersioning,
  synthesizedEnvironment,
  testS3Client,
  type FolderMove,
  type FunctionRole,
  type S3EventRecordInput,
} from '@pipeline/testing';
import { loadConfig, type CopyConfig } from '../../src/config.js';
import { copyPipeline } from '../../src/pipeline.js';

export const MiB = 1024 * 1024;

/** A Lambda context with what the handler reads. */
export function lambdaContext(requestId = 'test-request'): Context {
  return { awsRequestId: requestId, functionName: 'copy-test' } as Context;
}

/** Source and destination buckets, optionally versioned. */
export async function bucketPair(
  options: { versioned?: boolean } = {},
): Promise<{ source: string; destination: string }> {
  const s3 = testS3Client();
  const [source, destination] = await Promise.all([
    createTestBucket('copy-src', s3),
    createTestBucket('copy-dst', s3),
  ]);
  if (options.versioned) await Promise.all([setVersioning(s3, source), setVersioning(s3, destination)]);
  return { source, destination };
}

/** The copy's configuration from an environment, as the function reads it at cold start. */
export function configFor(destination: string, env: Record<string, string> = {}): CopyConfig {
  return loadConfig({
    DESTINATION_BUCKET: destination,
    SOURCE_PREFIX: 'incoming/',
    DESTINATION_PREFIX: 'copies/',
    ...env,
  });
}

/** The folders of a copy configuration, by field. */
function copyFolders(config: CopyConfig): Record<string, string> {
  const { sourcePrefix, destinationPrefix, rejectedPrefix } = config;
  return { sourcePrefix, destinationPrefix, rejectedPrefix };
}

/**
 * Each folder as deployed (infra's environment read by the app's own loadConfig) and as `config` has
 * it: the copy role's grants move with them (see RolePlacement in @pipeline/testing).
 */
function copyFolderMoves(config: CopyConfig): FolderMove[] {
  return folderMoves(copyFolders(loadConfig(synthesizedEnvironment('copy'))), copyFolders(config));
}

/**
 * The handler as src/handler.ts builds it, with the given configuration and a memory log, run under
 * the copy function's synthesized role: each invocation's S3 client has the credentials of that role,
 * created for the buckets it reads (those its event names, as the trigger's bucket) and writes.
 * `instrument` sees each role client first (a test injecting a fault the emulator cannot produce).
 */
export function copyHandler(
  config: CopyConfig,
  instrument?: (s3: S3Client) => void,
  /** `catalogTable`: the catalog it writes under the role (none unless given); `env`: e.g. ON_SOURCE_REMOVED. */
  { catalogTable, env = {} }: { readonly catalogTable?: string; readonly env?: Record<string, string> } = {},
): { handler: PipelineHandler; log: MemoryLog } {
  const log = new MemoryLog();
  const roles = functionRoles('copy', copyFolderMoves(config), {
    instrument,
    ...(catalogTable === undefined ? {} : { catalogTableArn: catalogTableArn(catalogTable) }),
  });
  const run = async (event: unknown, context: Context) => {
    const { s3, dynamodb } = await roles.forEvent(event, config.destinationBucket);
    const catalog = catalogTable === undefined ? null : { table: catalogTable, client: dynamodb };
    return definePipeline(
      { ...copyPipeline, loadConfig: () => config },
      { env, clients: { s3 }, log, catalog },
    )(event, context);
  };
  const handler = run as PipelineHandler;
  return { handler, log };
}

/** The copy function's role for a configuration and a source bucket (the role a handler here runs under). */
export function copyRole(config: CopyConfig, source: string): Promise<FunctionRole> {
  return functionRoles('copy', copyFolderMoves(config)).forBuckets({
    ingest: [source],
    processed: [config.destinationBucket],
  });
}

/** `env` plus the copy role's credentials for these buckets, as Lambda hands them to the function. */
export async function withCopyRole(
  env: Record<string, string>,
  source: string,
): Promise<Record<string, string>> {
  return { ...env, ...(await copyRole(loadConfig(env), source)).environment };
}

/** Puts a source object and returns what its S3 event record carries. */
export function putSource(
  input: PutObjectCommandInput & { Bucket: string; Key: string },
): Promise<S3EventRecordInput> {
  return putObjectForEvent(testS3Client(), input);
}

/** Bytes that differ per position, so a misplaced part shows. */
export function patternedBody(size: number): Buffer {
  const body = Buffer.alloc(size);
  for (let i = 0; i + 4 <= size; i += 4) body.writeUInt32BE(i >>> 2, i);
  return body;
}
