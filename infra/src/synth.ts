/**
 * Builds and synthesizes the app programmatically: `main.ts` (cdktf synth), the tests and the
 * local cloud all go through here, so they emit the same stacks.
 */
import { App } from 'cdktf';
import path from 'node:path';
import { findWorkspaceRoot } from '@pipeline/lambda-packager/workspace-root';
import {
  ENVIRONMENT_NAMES,
  loadEnvironment,
  type EnvironmentConfig,
  type EnvironmentName,
  type PipelineRegistry,
} from './config/index.js';
import { InfraConfigError } from './errors.js';
import { PipelineStack } from './stacks/pipeline-stack.js';
import { installProviderLock } from './terraform/provider-lock.js';

export interface BuildOptions {
  /** Environments to build. @default PIPELINE_ENVIRONMENTS (comma list) or every environment */
  readonly environments?: readonly string[];
  /** Output directory. @default cdktf's (cdktf.out, or what the CLI passes) */
  readonly outdir?: string;
  /** Emulator endpoint for every stack; `null` forces none. @default AWS_ENDPOINT_URL */
  readonly endpointUrl?: string | null;
  /** @default the directory holding pnpm-workspace.yaml above the working directory */
  readonly repoRoot?: string;
  /** Per-environment overrides, validated like the built-in values (tests, local cloud). */
  readonly overrides?: Partial<Record<EnvironmentName, Partial<EnvironmentConfig>>>;
  /** The pipelines every stack deploys: the registry, plus any a test adds. @default PIPELINES */
  readonly pipelines?: PipelineRegistry;
  /**
   * A terraform dependency lock file copied into each stack directory after synth (`cdktf synth`
   * passes infra/.terraform.lock.hcl). @default none: terraform init writes its own
   */
  readonly providerLock?: string;
}

export interface BuiltApp {
  readonly app: App;
  readonly stacks: ReadonlyMap<EnvironmentName, PipelineStack>;
}

export interface SynthesizedStack {
  readonly environment: EnvironmentName;
  readonly stackName: string;
  /** The terraform working directory of the stack (holds cdk.tf.json). */
  readonly directory: string;
}

export function stackName(environment: EnvironmentName): string {
  return `pipelines-${environment}`;
}

function selectedEnvironments(requested?: readonly string[]): EnvironmentName[] {
  const names = requested ?? splitList(process.env['PIPELINE_ENVIRONMENTS']) ?? [...ENVIRONMENT_NAMES];
  return names.map((name) => loadEnvironment(name).name);
}

/** Validates every selected environment and builds one stack each (nothing written yet). */
export function buildApp(options: BuildOptions = {}): BuiltApp {
  const repoRoot = options.repoRoot ?? findWorkspaceRoot();
  const endpointUrl =
    options.endpointUrl === undefined
      ? process.env['AWS_ENDPOINT_URL'] || undefined
      : (options.endpointUrl ?? undefined);
  if (endpointUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(endpointUrl)) {
    throw new InfraConfigError('AWS_ENDPOINT_URL', 'an http(s) URL', endpointUrl);
  }
  const app = new App(options.outdir === undefined ? {} : { outdir: options.outdir });
  const stacks = new Map<EnvironmentName, PipelineStack>();
  for (const environment of selectedEnvironments(options.environments)) {
    const config = loadEnvironment(environment, options.overrides?.[environment], options.pipelines);
    stacks.set(
      environment,
      new PipelineStack(app, stackName(environment), {
        config,
        repoRoot,
        endpointUrl,
        pipelines: options.pipelines,
      }),
    );
  }
  return { app, stacks };
}

/** Builds and writes every selected stack; returns where each one landed. */
export function synthesize(options: BuildOptions = {}): SynthesizedStack[] {
  const { app, stacks } = buildApp(options);
  app.synth();
  const synthesized = [...stacks.keys()].map((environment) => ({
    environment,
    stackName: stackName(environment),
    directory: path.resolve(app.outdir, 'stacks', stackName(environment)),
  }));
  const lock = options.providerLock;
  if (lock !== undefined) for (const { directory } of synthesized) installProviderLock(lock, directory);
  return synthesized;
}

function splitList(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return items && items.length > 0 ? items : undefined;
}
