/** `pnpm smoke`'s work, imported by smoke-main.ts once the command line asks for it. */
import { randomBytes } from 'node:crypto';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { progress, writeOut } from '../cli/command.js';
import { EXIT_OK, EXIT_FAILED } from '../cli/exit-codes.js';
import { catalogLocation, type CatalogLocation } from '../catalog/catalog-location.js';
import { clientsFor } from '../deploy/deploy-local.js';
import { runSmoke, type RemovalCheck } from './smoke.js';
import { catalogItemOf, catalogOutcomes } from './smoke-catalog.js';
import { smokeInputs } from './smoke-inputs.js';
import { cloudWatchOutcomes } from './smoke-outcomes.js';
import { renderSmoke } from './smoke-render.js';
import type { SmokeCliOptions } from './smoke-options.js';
import type { FindOutcome } from './smoke-wait.js';

/** True when the environment's catalog table exists (a stack deployed before it has none). */
async function hasCatalog(dynamodb: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}

/**
 * Where the outcomes come from: the object catalog (and with it the check that removing a source
 * removes its outputs), else the functions' outcome records in CloudWatch Logs.
 */
async function outcomeSource(
  location: CatalogLocation,
  startTime: number,
  waitMs: number,
): Promise<{ findOutcome: FindOutcome; removal?: RemovalCheck }> {
  const { dynamodb, tableName } = location;
  if (await hasCatalog(dynamodb, tableName)) {
    progress(`reading outcomes from the object catalog ${tableName} on ${location.where}`);
    const isRemoved: RemovalCheck['isRemoved'] = async (query) =>
      (await catalogItemOf(dynamodb, tableName, query))?.kind === 'removed';
    return { findOutcome: catalogOutcomes(dynamodb, tableName), removal: { isRemoved, waitMs } };
  }
  progress(`no object catalog ${tableName} on ${location.where}: reading the functions' outcome records`);
  return {
    findOutcome: cloudWatchOutcomes(new CloudWatchLogsClient({ region: location.region }), startTime),
  };
}

export async function runSmokeCommand(options: SmokeCliOptions): Promise<number> {
  const location = await catalogLocation(options.env);
  const runId = `${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
  const waitMs = options.timeoutSeconds * 1000;
  const source = await outcomeSource(location, Date.now() - 60_000, waitMs);
  if (options.env === 'local')
    progress(
      `the local cloud runs its functions for what pnpm start -- --watch sees at ${location.endpoint ?? ''}: keep it running`,
    );
  const report = await runSmoke(await smokeInputs(options.env, runId), {
    s3:
      location.endpoint === undefined
        ? new S3Client({ region: location.region })
        : clientsFor(location.endpoint).s3,
    ...source,
    deadline: Date.now() + waitMs,
    keep: options.keep,
    progress,
  });
  await writeOut(`${renderSmoke(report)}\n`);
  return report.passed ? EXIT_OK : EXIT_FAILED;
}
