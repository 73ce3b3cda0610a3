import { MemoryLog, type LogLine } from '@pipeline/lambda-kit';
import {
  createTestBucket,
  folderMoves,
  functionRoles,
  invokeArtifact,
  synthesizedEnvironment,
  testS3Client,
  type ArtifactRun,
  type ArtifactRunOptions,
} from '@pipeline/testing';
import type { Context } from 'aws-lambda';
import { loadConfig, type ResizeConfig } from '../../src/config.js';
import { createResizeHandler } from '../../src/resize.js';
import { enableVersioning } from './s3.js';

/** The folders of a resize configuration, by field. */
function resizeFolders(config: ResizeConfig): Record<string, string> {
  const { sourcePrefix, outputPrefix, rejectedPrefix } = config;
  return { sourcePrefix, outputPrefix, rejectedPrefix };
}

/**
 * The resize roles for a configuration: the grants move from each folder as deployed (infra's
 * environment read by the app's own loadConfig) to where `config` has it (see RolePlacement).
 */
function resizeRoles(config: ResizeConfig) {
  const deployed = resizeFolders(loadConfig(synthesizedEnvironment('resize')));
  return functionRoles('resize', folderMoves(deployed, resizeFolders(config)));
}

/**
 * A versioned source bucket, a destination bucket, and the resize handler wired to them with a
 * recording log, configured through the same environment variables infra sets. `invoke` runs the
 * handler under the resize function's synthesized role; `s3` (setup, assertions) is the administrator.
 */
export async function resizeHarness(env: Record<string, string> = {}) {
  const s3 = testS3Client();
  const source = await createTestBucket('resize-src', s3);
  await enableVersioning(s3, source);
  const destination = await createTestBucket('resize-dst', s3);
  const config = loadConfig({ DESTINATION_BUCKET: destination, SOURCE_PREFIX: 'uploads', ...env });
  const log = new MemoryLog();
  const roles = resizeRoles(config);
  let invocations = 0;
  const invoke = async (event: unknown) => {
    const context = { awsRequestId: `req-${++invocations}` } as Context;
    const role = await roles.forEvent(event, destination, [source]);
    return createResizeHandler({ config, s3: role.s3, log })(event, context);
  };
  /** The role `invoke` runs under (for the source and destination), for tests that probe it directly. */
  const role = () => roles.forEvent(undefined, destination, [source]);
  return { s3, source, destination, config, log, invoke, role };
}

export type ResizeHarness = Awaited<ReturnType<typeof resizeHarness>>;

/** The log lines about one object key. */
export function linesAbout(log: MemoryLog, key: string): LogLine[] {
  return log.lines.filter((line) => line.attributes['key'] === key);
}

/** Runs the unpacked artifact as Lambda would, with the resize role's credentials for its event's buckets. */
export async function invokeUnderRole(
  codeDir: string,
  event: unknown,
  env: Record<string, string>,
  options?: ArtifactRunOptions,
): Promise<ArtifactRun> {
  const config = loadConfig(env);
  const role = await resizeRoles(config).forEvent(event, config.destinationBucket);
  return invokeArtifact(codeDir, event, { ...env, ...role.environment }, options);
}
