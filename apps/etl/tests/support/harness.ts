import {
  catalogTableArn,
  createCatalogTable,
  createTestBucket,
  folderMoves,
  functionRoles,
  invokeArtifact,
  s3Event,
  setVersioning,
  synthesizedEnvironment,
  testDynamoDbClient,
  testS3Client,
  type ArtifactRun,
  type ArtifactRunOptions,
} from '@pipeline/testing';
import { definePipeline, MemoryLog, readCatalogItem, type CatalogItem } from '@pipeline/lambda-kit';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { loadConfig, type EtlConfig } from '../../src/config.js';
import { tmpdir } from 'node:os';
import { duckDbFactory } from '../../src/engine/duckdb.js';
import { etlPipeline } from '../../src/pipeline.js';
import { SYNTHETIC_SCHEMA } from '../fixtures/synthetic-csv.js';
import { upload } from './s3.js';

/** The datasets the integration tests configure, as infra would in DATASETS. */
export const TEST_DATASETS = [
  { name: 'sales', prefix: 'raw/sales', schema: SYNTHETIC_SCHEMA },
  { name: 'loose', prefix: 'raw/loose' },
  {
    name: 'edges',
    prefix: 'raw/edges',
    schema: {
      columns: [
        { name: 'big', type: 'int' },
        { name: 'f', type: 'float' },
        { name: 'd', type: 'date' },
        { name: 'ts', type: 'timestamp' },
        { name: 's', type: 'string' },
        { name: 'price', type: 'decimal', precision: 10, scale: 3 },
        { name: 'ok', type: 'bool' },
      ],
    },
    parse: { delimiter: ';', nullMarkers: ['NULL'] },
  },
];

/** The folders of an etl configuration, by field. */
function etlFolders(config: EtlConfig): Record<string, string> {
  const { sourcePrefix, curatedPrefix, rejectedPrefix } = config;
  return { sourcePrefix, curatedPrefix, rejectedPrefix };
}

/**
 * The etl roles for a configuration: the grants move from each folder as deployed (infra's environment
 * read by the app's own loadConfig) to where `config` has it (see RolePlacement).
 */
function etlRoles(config: EtlConfig, catalogTable?: string, instrument?: (s3: S3Client) => void) {
  const deployed = etlFolders(loadConfig(synthesizedEnvironment('etl')));
  return functionRoles('etl', folderMoves(deployed, etlFolders(config)), {
    instrument,
    ...(catalogTable === undefined ? {} : { catalogTableArn: catalogTableArn(catalogTable) }),
  });
}

/**
 * A source bucket (versioned unless told otherwise), a destination bucket, and the etl handler wired to them with a recording log,
 * configured through the same environment variables infra sets. `invoke` runs the handler under the
 * etl function's synthesized role; `s3` (setup, assertions) is the administrator.
 */
export async function etlHarness(env: Record<string, string> = {}, { versioned = true } = {}) {
  const s3 = testS3Client();
  const source = await createTestBucket('etl-src', s3);
  if (versioned) await setVersioning(s3, source); // as infra's ingest bucket
  const destination = await createTestBucket('etl-dst', s3);
  const config = loadConfig({
    DESTINATION_BUCKET: destination,
    SOURCE_PREFIX: 'raw',
    DATASETS: JSON.stringify(TEST_DATASETS),
    ...env,
  });
  const log = new MemoryLog();
  const duckdb = duckDbFactory({
    threads: config.duckdbThreads,
    memoryMb: config.duckdbMemoryMb,
    workDir: tmpdir(),
  });
  const dynamodb = testDynamoDbClient();
  const table = await createCatalogTable(dynamodb);
  const roles = etlRoles(config, table);
  let invocations = 0;
  /** Runs the handler under a role, writing the catalog `catalogTable` (the harness's unless told). */
  const invokeAs = async (
    event: unknown,
    underRoles: ReturnType<typeof etlRoles>,
    catalogTable: string = table,
  ) => {
    const context = { awsRequestId: `req-${++invocations}` } as Context;
    const role = await underRoles.forEvent(event, destination, [source]);
    return definePipeline(
      { ...etlPipeline, loadConfig: () => config },
      {
        env: {},
        clients: { s3: role.s3, duckdb },
        log,
        catalog: { table: catalogTable, client: role.dynamodb },
      },
    )(event, context);
  };
  const invoke = (event: unknown) => invokeAs(event, roles);
  /** `invoke` writing its items to another table than the role may update (a misconfigured grant). */
  const invokeWithCatalog = async (event: unknown, catalogTable: string) =>
    invokeAs(event, roles, catalogTable);
  /** The catalog item of a source key (administrator's read). */
  const item = (key: string): Promise<CatalogItem | undefined> =>
    readCatalogItem(dynamodb, table, source, key, 'etl');
  /**
   * `invoke` under a role of its own whose S3 client `instrument` sees first (a test holding an
   * event just before its write).
   */
  const invokeInstrumented = (event: unknown, instrument: (s3: S3Client) => void) =>
    invokeAs(event, etlRoles(config, table, instrument));
  /** Uploads `body` under `key` and delivers the S3 event for it. */
  const ingest = async (key: string, body: Buffer | string) => {
    const uploaded = await upload(s3, source, key, body);
    const summary = await invoke(s3Event([uploaded]));
    return { uploaded, summary };
  };
  /** The role `invoke` runs under (for the source and destination), for tests that probe it directly. */
  const role = () => roles.forEvent(undefined, destination, [source]);
  return {
    s3,
    source,
    destination,
    config,
    log,
    invoke,
    invokeInstrumented,
    invokeWithCatalog,
    ingest,
    role,
    table,
    item,
  };
}

export type EtlHarness = Awaited<ReturnType<typeof etlHarness>>;

/** Runs the unpacked artifact as Lambda would, with the etl role's credentials for its event's buckets. */
export async function invokeUnderRole(
  codeDir: string,
  event: unknown,
  env: Record<string, string>,
  options?: ArtifactRunOptions,
): Promise<ArtifactRun> {
  const config = loadConfig(env);
  const role = await etlRoles(config).forEvent(event, config.destinationBucket);
  return invokeArtifact(codeDir, event, { ...env, ...role.environment }, options);
}
