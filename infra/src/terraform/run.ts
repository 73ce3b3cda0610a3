/**
 * Runs terraform in a synthesized stack directory: init (offline, from the plugin mirror),
 * validate, apply, destroy and output, each throwing TerraformError with the tail of stderr.
 */
import { spawn } from 'node:child_process';
import { TerraformError, TerraformUnavailableError } from '../errors.js';
import { writeCliConfig } from './cli-config.js';
import { terraformAvailability } from './locate.js';

export interface TerraformOptions {
  /** The stack directory holding cdk.tf.json (see synthesize()). */
  readonly workingDir: string;
  /** Environment of the child; TF_PLUGIN_DIR is read from it. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Receives every output line (progress). @default silent */
  readonly onOutput?: (line: string) => void;
  /** Without TF_PLUGIN_DIR, let terraform download providers from the registry. @default false (offline mirror required) */
  readonly allowRegistry?: boolean;
}

export interface TerraformResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
}

const STDERR_TAIL_LINES = 40;

/** Runs `terraform <args>` with our CLI config and automation settings; throws TerraformError on a non-zero exit. */
export async function runTerraform(
  args: readonly string[],
  options: TerraformOptions,
): Promise<TerraformResult> {
  const result = await runTerraformUnchecked(args, options);
  if (result.exitCode !== 0)
    throw new TerraformError(args.join(' '), result.exitCode, tail(result.stderr || result.stdout));
  return result;
}

/** Like runTerraform, but returns the exit code instead of throwing. */
async function runTerraformUnchecked(
  args: readonly string[],
  options: TerraformOptions,
): Promise<TerraformResult> {
  const baseEnv = options.env ?? process.env;
  const availability = terraformAvailability(baseEnv, { allowRegistry: options.allowRegistry });
  if (!availability.available)
    throw new TerraformUnavailableError(`cannot run terraform: ${availability.reason}`);
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    // With a mirror, providers come only from it; without one (allowRegistry), the user's own CLI config applies.
    ...(availability.pluginDir === undefined
      ? {}
      : { TF_CLI_CONFIG_FILE: writeCliConfig(options.workingDir, availability.pluginDir) }),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
  return spawnCollect(availability.binary, args, options.workingDir, env, options.onOutput);
}

function spawnCollect(
  binary: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  onOutput?: (line: string) => void,
): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: string[] = [];
    const stderr: string[] = [];
    const collect = (sink: string[]) => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      sink.push(text);
      if (onOutput) for (const line of text.split('\n').filter(Boolean)) onOutput(line);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    child.on('error', (error) => reject(new TerraformError(args[0] ?? '', null, String(error))));
    child.on('close', (code) =>
      resolve({ stdout: stdout.join(''), stderr: stderr.join(''), exitCode: code }),
    );
  });
}

function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-STDERR_TAIL_LINES).join('\n');
}

/**
 * `terraform init` from the plugin mirror only; `backend: false` skips backend setup (validate);
 * `lockfile: 'readonly'` fails when the providers disagree with the stack's .terraform.lock.hcl.
 */
export async function terraformInit(
  options: TerraformOptions,
  init: { readonly backend?: boolean; readonly lockfile?: 'readonly' } = {},
): Promise<void> {
  const availability = terraformAvailability(options.env ?? process.env, {
    allowRegistry: options.allowRegistry,
  });
  if (!availability.available)
    throw new TerraformUnavailableError(`cannot run terraform: ${availability.reason}`);
  await runTerraform(
    [
      'init',
      '-no-color',
      ...(availability.pluginDir === undefined ? [] : [`-plugin-dir=${availability.pluginDir}`]),
      ...(init.backend === false ? ['-backend=false'] : []),
      ...(init.lockfile === undefined ? [] : [`-lockfile=${init.lockfile}`]),
    ],
    options,
  );
}

/** `terraform validate -json`; returns the diagnostics when the configuration is invalid. */
export async function terraformValidate(options: TerraformOptions): Promise<{
  readonly valid: boolean;
  readonly diagnostics: readonly { severity: string; summary: string; detail?: string }[];
}> {
  // validate exits 1 on an invalid configuration but still prints its JSON report on stdout.
  const { stdout, stderr, exitCode } = await runTerraformUnchecked(
    ['validate', '-json', '-no-color'],
    options,
  );
  if (!stdout.trim().startsWith('{')) throw new TerraformError('validate', exitCode, tail(stderr));
  const report = JSON.parse(stdout) as {
    valid: boolean;
    diagnostics: { severity: string; summary: string; detail?: string }[];
  };
  return { valid: report.valid, diagnostics: report.diagnostics };
}

export async function terraformApply(options: TerraformOptions): Promise<void> {
  await runTerraform(['apply', '-auto-approve', '-no-color', '-input=false'], options);
}

export async function terraformDestroy(options: TerraformOptions): Promise<void> {
  await runTerraform(['destroy', '-auto-approve', '-no-color', '-input=false'], options);
}

/** The stack's outputs as plain values (`terraform output -json`, unwrapped). */
export async function terraformOutputs(options: TerraformOptions): Promise<Record<string, unknown>> {
  const { stdout } = await runTerraform(['output', '-json', '-no-color'], options);
  const raw = JSON.parse(stdout) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(raw).map(([name, output]) => [name, output.value]));
}
