/**
 * The local cloud as `pnpm start` left it on an emulator named by AWS_ENDPOINT_URL: its deployment
 * read back from the terraform state kept for that endpoint (deploy-local.ts), without applying
 * anything, and clients for the emulator.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runTerraform, stackName, type TerraformOptions } from '@pipeline/infra';
import { catalogTableOf, clientsFor, endpointWorkDir, type LocalClients } from '../deploy/deploy-local.js';
import { discoverDeployment, type Deployment, type LocalFunction } from '../deploy/deployment.js';
import { DeploymentReadError } from '../errors.js';
import type { TerraformStateJson } from '../deploy/terraform-state.js';

export interface LocalDeployment {
  readonly endpoint: string;
  readonly deployment: Deployment;
  readonly clients: LocalClients;
  /** The object catalog's table, when the deployed stack has one. */
  readonly catalogTable: string | undefined;
}

/** The functions output, keyed by pipeline: `{ copy: { name, ... }, ... }`. */
type FunctionsValue = Readonly<Record<string, { readonly name: string }>>;

/** The terraform working directory of the local cloud deployed at `endpoint`; says how to deploy it when there is none. */
function localTerraform(endpoint: string): TerraformOptions & { readonly workingDir: string } {
  const workDir = endpointWorkDir(endpoint);
  if (!existsSync(join(workDir, 'terraform.local.tfstate')))
    throw new DeploymentReadError(
      `no local cloud is deployed at ${endpoint} (no terraform state in ${workDir}): run AWS_ENDPOINT_URL=${endpoint} pnpm start first`,
    );
  return {
    workingDir: join(workDir, 'cdktf.out', 'stacks', stackName('local')),
    env: { ...process.env, AWS_ENDPOINT_URL: endpoint },
    allowRegistry: true,
  };
}

/** The stack's outputs (`terraform output -json`), values unwrapped. */
async function localOutputs(endpoint: string): Promise<Record<string, unknown>> {
  const wrapped = JSON.parse(
    (await runTerraform(['output', '-json', '-no-color'], localTerraform(endpoint))).stdout,
  ) as Record<string, { readonly value: unknown }>;
  return Object.fromEntries(Object.entries(wrapped).map(([name, output]) => [name, output.value]));
}

/** The catalog table of the local cloud at `endpoint`, without reading the rest of the deployment. */
export async function localCatalogTable(endpoint: string): Promise<string> {
  const table = catalogTableOf(await localOutputs(endpoint));
  if (table === undefined)
    throw new DeploymentReadError(
      `the local cloud at ${endpoint} has no catalog table (no catalog output): deploy the current stack with AWS_ENDPOINT_URL=${endpoint} pnpm start`,
    );
  return table;
}

/** Reads the local cloud deployed at `endpoint`; says how to deploy it when there is none. */
export async function openLocalDeployment(endpoint: string): Promise<LocalDeployment> {
  const terraform = localTerraform(endpoint);
  const state = JSON.parse(
    (await runTerraform(['show', '-json', '-no-color'], terraform)).stdout,
  ) as TerraformStateJson;
  const outputs = (await localOutputs(endpoint)) as { readonly functions?: FunctionsValue };
  const clients = clientsFor(endpoint);
  const deployment = await discoverDeployment({
    state,
    stackDir: terraform.workingDir,
    codeRoot: join(endpointWorkDir(endpoint), 'code'),
    s3: clients.s3,
    lambda: clients.lambda,
    pipelines: new Map(Object.entries(outputs.functions ?? {}).map(([pipeline, fn]) => [fn.name, pipeline])),
  });
  return { endpoint, deployment, clients, catalogTable: catalogTableOf(outputs) };
}

/** The deployed function named `functionName`. */
export function deployedFunction(local: LocalDeployment, functionName: string): LocalFunction {
  const fn = [...local.deployment.functions.values()].find((f) => f.fn.name === functionName);
  if (fn === undefined) throw new DeploymentReadError(`${functionName} is not deployed at ${local.endpoint}`);
  return fn;
}
