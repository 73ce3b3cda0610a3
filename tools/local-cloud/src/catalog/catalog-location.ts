/**
 * Where an environment's object catalog is: the local cloud's table (the `catalog` output of the stack
 * `pnpm start` deployed at AWS_ENDPOINT_URL), or a deployed AWS environment's `<name prefix>-catalog`,
 * with the caller's credentials and the SDK's usual chain.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EMULATOR_ENV } from '@pipeline/cloud-emulator';
import { catalogTableNameOf, loadEnvironment } from '@pipeline/infra';
import { UsageError } from '../errors.js';
import { clientsFor } from '../deploy/deploy-local.js';
import { localCatalogTable } from '../ops/local-deployment.js';

export interface CatalogLocation {
  readonly dynamodb: DynamoDBClient;
  readonly tableName: string;
  /** Where it is, in words. */
  readonly where: string;
  /** The emulator's endpoint, for `local`; AWS's own endpoints otherwise. */
  readonly endpoint?: string;
  readonly region: string;
}

/** The catalog table of a deployed AWS environment, as the stack names it. */
function awsCatalogTable(env: string): { tableName: string; region: string } {
  const config = loadEnvironment(env);
  return { tableName: catalogTableNameOf(config.namePrefix), region: config.region };
}

export async function catalogLocation(env: string): Promise<CatalogLocation> {
  if (env !== 'local') {
    const { tableName, region } = awsCatalogTable(env);
    return { dynamodb: new DynamoDBClient({ region }), tableName, where: `AWS ${env} in ${region}`, region };
  }
  const endpoint = process.env.AWS_ENDPOINT_URL?.trim();
  if (endpoint === undefined || endpoint === '')
    throw new UsageError(
      '--env local reads the local cloud pnpm start deployed to an emulator: set AWS_ENDPOINT_URL to it (AWS_ENDPOINT_URL=http://127.0.0.1:5000 pnpm start -- --watch, then the same for this command)',
    );
  // The emulator's credentials and region, as pnpm start uses them (the caller's own win when set).
  for (const [name, value] of Object.entries(EMULATOR_ENV)) process.env[name] ??= value;
  return {
    dynamodb: clientsFor(endpoint).dynamodb,
    tableName: await localCatalogTable(endpoint),
    where: `the local cloud at ${endpoint}`,
    endpoint,
    region: process.env.AWS_REGION ?? EMULATOR_ENV.AWS_REGION,
  };
}
