/**
 * The local cloud as `pnpm start` left it on an emulator named by AWS_ENDPOINT_URL: its deployment
 * read back from the terraform state kept for that endpoint (deploy-local.ts), without applying
 * anything, and clients for the emulator.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runTerraform, stackName } from '@pipeline/infra';
import { clientsFor, endpointWorkDir, type LocalClients } from '../deploy/deploy-local.js';
import { discoverDeployment, type Deployment, type LocalFunction } from '../deploy/deployment.js';
import { DeploymentReadError } from '../errors.js';
import type { TerraformStateJson } from '../deploy/terraform-state.js';

export interface LocalDeployment {
  readonly endpoint: string;
  readonly deployment: Deployment;
  readonly clients: LocalClients;
}

/** The functions output, keyed by pipeline: `{ copy: { name, ... }, ... }`. */
type FunctionsOutput = { readonly value: Readonly<Record<string, { readonly name: string }>> };

/** Reads the local cloud deployed at `endpoint`; says how to deploy it when there is none. */
export async function openLocalDeployment(endpoint: string): Promise<LocalDeployment> {
  const workDir = endpointWorkDir(endpoint);
  const stackDir = join(workDir, 'cdktf.out', 'stacks', stackName('local'));
  if (!existsSync(join(workDir, 'terraform.local.tfstate')))
    throw new DeploymentReadError(
      `no local cloud is deployed at ${endpoint} (no terraform state in ${workDir}): run AWS_ENDPOINT_URL=${endpoint} pnpm start first`,
    );
  const terraform = {
    workingDir: stackDir,
    env: { ...process.env, AWS_ENDPOINT_URL: endpoint },
    allowRegistry: true,
  };
  const state = JSON.parse(
    (await runTerraform(['show', '-json', '-no-color'], terraform)).stdout,
  ) as TerraformStateJson;
  const outputs = JSON.parse((await runTerraform(['output', '-json', '-no-color'], terraform)).stdout) as {
    readonly functions?: FunctionsOutput;
  };
  const clients = clientsFor(endpoint);
  const deployment = await discoverDeployment({
    state,
    stackDir,
    codeRoot: join(workDir, 'code'),
    s3: clients.s3,
    lambda: clients.lambda,
    pipelines: new Map(
      Object.entries(outputs.functions?.value ?? {}).map(([pipeline, fn]) => [fn.name, pipeline]),
    ),
  });
  return { endpoint, deployment, clients };
}

/** The deployed function named `functionName`. */
export function deployedFunction(local: LocalDeployment, functionName: string): LocalFunction {
  const fn = [...local.deployment.functions.values()].find((f) => f.fn.name === functionName);
  if (fn === undefined) throw new DeploymentReadError(`${functionName} is not deployed at ${local.endpoint}`);
  return fn;
}
