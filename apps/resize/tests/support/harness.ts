import type { S3Client } from '@aws-sdk/client-s3';
import {
  definePipeline,
  MemoryLog,
  readCatalogItem,
  type Catalog,
  type CatalogItem,
  type LogLine,
  type PipelineHandler,
} from '@pipeline/lambda-kit';
import {
  catalogTableArn,
  createCatalogTable,
  createTestBucket,
  folderMoves,
  functionRoles,
  invokeArtifact,
  setVersioning,
  synthesizedEnvironment,
  testDynamoDbClient,
  testS3Client,
  type ArtifactRun,
  type ArtifactRunOptions,
} from '@pipeline/testing';
import type { Context } from 'aws-lambda';
import { loadConfig, type ResizeConfig } from '../../src/config.js';
import { resizePipeline } from '../../src/pipeline.js';

/** The folders of a resize configuration, by field. */
function resizeFolders(config: ResizeConfig): Record<string, string> {
  const { sourcePrefix, outputPrefix, rejectedPrefix } = config;
  return { sourcePrefix, outputPrefix, rejectedPrefix };
}

/**
 * The resize roles for a configuration: the grants move from each folder as deployed (infra's
 * environment read by the app's own loadConfig) to where `config` has it (see RolePlacement).
 */
function resizeRoles(config: ResizeConfig, catalogTable?: string, instrument?: (s3: S3Client) => void) {
  const deployed = resizeFolders(loadConfig(synthesizedEnvironment('resize')));
  return functionRoles('resize', folderMoves(deployed, resizeFolders(config)), {
    instrument,
    ...(catalogTable === undefined ? {} : { catalogTableArn: catalogTableArn(catalogTable) }),
  });
}

/**
 * A versioned source bucket, a destination bucket, and the resize handler wired to them with a
 * recording log, configured through the same environment variables infra sets. `invoke` runs the
 * handler under the resize function's synthesized role; `s3` (setup, assertions) is the administrator.
 */
export async function resizeHarness(env: Record<string, string> = {}) {
  const s3 = testS3Client();
  const source = await createTestBucket('resize-src', s3);
  await setVersioning(s3, source);
  const destination = await createTestBucket('resize-dst', s3);
  const config = loadConfig({ DESTINATION_BUCKET: destination, SOURCE_PREFIX: 'uploads', ...env });
  const log = new MemoryLog();
  const dynamodb = testDynamoDbClient();
  const table = await createCatalogTable(dynamodb);
  const roles = resizeRoles(config, table);
  let invocations = 0;
  // The handler writes the catalog under the role too, as deployed.
  const invoke = async (event: unknown) => {
    const context = { awsRequestId: `req-${++invocations}` } as Context;
    const role = await roles.forEvent(event, destination, [source]);
    return resizeHandler(config, role.s3, log, { table, client: role.dynamodb })(event, context);
  };
  /** The catalog item of a source key (administrator's read). */
  const item = (key: string, bucket = source): Promise<CatalogItem | undefined> =>
    readCatalogItem(dynamodb, table, bucket, key, 'resize');
  /**
   * `invoke` under a role of its own whose S3 client `instrument` sees first (a test holding an
   * event just before its write).
   */
  const invokeInstrumented = async (event: unknown, instrument: (s3: S3Client) => void) => {
    const own = resizeRoles(config, table, instrument);
    const role = await own.forEvent(event, destination, [source]);
    return resizeHandler(config, role.s3, log, { table, client: role.dynamodb })(event, {
      awsRequestId: `req-${++invocations}`,
    } as Context);
  };
  /** The role `invoke` runs under (for the source and destination), for tests that probe it directly. */
  const role = () => roles.forEvent(undefined, destination, [source]);
  return { s3, source, destination, config, log, invoke, invokeInstrumented, role, table, item };
}

export type ResizeHarness = Awaited<ReturnType<typeof resizeHarness>>;

/** The handler as src/handler.ts builds it, with the given configuration, S3 client and log. */
export function resizeHandler(
  config: ResizeConfig,
  s3: S3Client,
  log = new MemoryLog(),
  catalog: Catalog | null = null,
): PipelineHandler {
  return definePipeline(
    { ...resizePipeline, loadConfig: () => config },
    { env: {}, clients: { s3 }, log, catalog },
  );
}

/** The log lines whose outcome record is about one object key. */
export function linesAbout(log: MemoryLog, key: string): LogLine[] {
  return log.lines.filter(
    (line) => (line.attributes['outcome'] as { source?: { key?: string } } | undefined)?.source?.key === key,
  );
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
