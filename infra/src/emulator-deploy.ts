/**
 * Deploys the `local` stack into an AWS emulator (moto, LocalStack, or any endpoint): synthesize
 * against the endpoint, then terraform init and apply. The integration test and the local cloud
 * (`pnpm start`, tools/local-cloud) both deploy through here.
 */
import type { LambdaArtifact } from './artifacts.js';
import type { EnvironmentConfig, PipelineName } from './config/index.js';
import type { FunctionOutputs, StackOutputs } from './stacks/outputs.js';
import { buildApp, stackName } from './synth.js';
import {
  terraformApply,
  terraformDestroy,
  terraformInit,
  terraformOutputs,
  type TerraformOptions,
} from './terraform/index.js';
import path from 'node:path';

export interface EmulatorDeployOptions {
  /** Emulator endpoint the provider talks to (also passed to terraform as AWS_ENDPOINT_URL). */
  readonly endpointUrl: string;
  /** Where the stack is synthesized (a scratch directory). */
  readonly outdir: string;
  /** Terraform state file. @default `<outdir>/terraform.local.tfstate` */
  readonly statePath?: string;
  /** Overrides the environment's name prefix, e.g. to deploy twice into one emulator. */
  readonly namePrefix?: string;
  /** @default found from the working directory */
  readonly repoRoot?: string;
  /** Environment for terraform (credentials, TF_PLUGIN_DIR). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  readonly onOutput?: (line: string) => void;
  /** Without TF_PLUGIN_DIR, download providers from the registry (the local cloud on a connected machine). @default false */
  readonly allowRegistry?: boolean;
}

/** A deployed function as the stack's typed outputs describe it (src/stacks/outputs.ts). */
export type DeployedFunction = FunctionOutputs;

export interface EmulatorDeployment {
  readonly config: EnvironmentConfig;
  /** The zips deployed, with the hashes Lambda reports as CodeSha256. */
  readonly artifacts: Readonly<Record<PipelineName, LambdaArtifact>>;
  /** The terraform working directory (pass to destroyEmulatorDeployment). */
  readonly directory: string;
  readonly outputs: StackOutputs;
  readonly terraform: TerraformOptions;
}

/** Synthesizes, `terraform init` (offline) and `apply`; returns the outputs. */
export async function deployToEmulator(options: EmulatorDeployOptions): Promise<EmulatorDeployment> {
  const overrides: Partial<EnvironmentConfig> = {
    backend: {
      type: 'local',
      path: options.statePath ?? path.join(options.outdir, 'terraform.local.tfstate'),
    },
    ...(options.namePrefix === undefined ? {} : { namePrefix: options.namePrefix }),
  };
  const { app, stacks } = buildApp({
    environments: ['local'],
    outdir: options.outdir,
    endpointUrl: options.endpointUrl,
    repoRoot: options.repoRoot,
    overrides: { local: overrides },
  });
  app.synth();
  const stack = stacks.get('local');
  if (stack === undefined) throw new Error('the local stack was not built');
  const directory = path.resolve(app.outdir, 'stacks', stackName('local'));
  const terraform: TerraformOptions = {
    workingDir: directory,
    env: { ...(options.env ?? process.env), AWS_ENDPOINT_URL: options.endpointUrl },
    onOutput: options.onOutput,
    allowRegistry: options.allowRegistry,
  };
  await terraformInit(terraform);
  await terraformApply(terraform);
  const outputs = (await terraformOutputs(terraform)) as unknown as StackOutputs;
  return { config: stack.config, artifacts: stack.artifacts, directory, outputs, terraform };
}

export async function destroyEmulatorDeployment(deployment: EmulatorDeployment): Promise<void> {
  await terraformDestroy(deployment.terraform);
}
