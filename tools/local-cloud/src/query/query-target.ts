/**
 * Where `pnpm query` runs: `local` is the local cloud `pnpm start` left at AWS_ENDPOINT_URL (its Glue
 * database from the stack's `query` output in the terraform state kept for that endpoint); dev and
 * prod are Athena, in the workgroup and database the stack names for that environment.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  athenaWorkgroupNameOf,
  ENVIRONMENT_NAMES,
  glueDatabaseNameOf,
  loadEnvironment,
  runTerraform,
  stackName,
  type QueryOutputs,
} from '@pipeline/infra';
import { EMULATOR_ENV } from '@pipeline/cloud-emulator';
import { endpointWorkDir } from '../deploy/deploy-local.js';
import { DeploymentReadError, UsageError } from '../errors.js';

export type QueryTarget =
  | { readonly engine: 'duckdb'; readonly endpoint: string; readonly database: string }
  | {
      readonly engine: 'athena';
      readonly region: string;
      readonly database: string;
      readonly workgroup: string;
    };

/** The `query` output of the local stack deployed at `endpoint`; says how to deploy it when there is none. */
async function localQueryOutput(endpoint: string): Promise<QueryOutputs> {
  const workDir = endpointWorkDir(endpoint);
  if (!existsSync(join(workDir, 'terraform.local.tfstate')))
    throw new DeploymentReadError(
      `no local cloud is deployed at ${endpoint} (no terraform state in ${workDir}): run AWS_ENDPOINT_URL=${endpoint} pnpm start first`,
    );
  const { stdout } = await runTerraform(['output', '-json', '-no-color'], {
    workingDir: join(workDir, 'cdktf.out', 'stacks', stackName('local')),
    env: { ...process.env, AWS_ENDPOINT_URL: endpoint },
    allowRegistry: true,
  });
  const query = (JSON.parse(stdout) as { readonly query?: { readonly value: QueryOutputs } }).query;
  if (query === undefined)
    throw new DeploymentReadError(
      `the local cloud at ${endpoint} has no query output (deployed before the Glue tables): run AWS_ENDPOINT_URL=${endpoint} pnpm start again`,
    );
  return query.value;
}

/**
 * The target of `--env ENV`.
 *
 * @throws {UsageError} for an unknown environment (naming the choices), or `local` without AWS_ENDPOINT_URL.
 */
export async function queryTarget(env: string): Promise<QueryTarget> {
  if (!(ENVIRONMENT_NAMES as readonly string[]).includes(env))
    throw new UsageError(`Expected one of ${ENVIRONMENT_NAMES.join(', ')} for --env but received ${env}`);
  if (env !== 'local') {
    const config = loadEnvironment(env);
    return {
      engine: 'athena',
      region: config.region,
      database: glueDatabaseNameOf(config.namePrefix),
      workgroup: athenaWorkgroupNameOf(config.namePrefix),
    };
  }
  const endpoint = process.env.AWS_ENDPOINT_URL?.trim();
  if (endpoint === undefined || endpoint === '')
    throw new UsageError(
      '--env local queries the local cloud pnpm start deployed to an emulator: set AWS_ENDPOINT_URL to it (AWS_ENDPOINT_URL=http://127.0.0.1:5000 pnpm start, then the same for this command)',
    );
  // The emulator's credentials and region, as pnpm start uses them (the caller's own win when set).
  for (const [name, value] of Object.entries(EMULATOR_ENV)) process.env[name] ??= value;
  return { engine: 'duckdb', endpoint, database: (await localQueryOutput(endpoint)).glue_database };
}
