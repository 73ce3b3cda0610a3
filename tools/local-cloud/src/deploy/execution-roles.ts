/**
 * Each invocation runs under its function's deployed execution role, as on Lambda: the runner
 * assumes every function's role (GetFunction's `Role`) and gives each of its environments those
 * temporary credentials. Where the runner started moto itself (with its signature check off, see
 * `MOTO_LAUNCHER` in @pipeline/cloud-emulator), it then switches moto's IAM enforcement on, so every
 * request a function makes is authorized against its role's policies as deployed: `pnpm start`
 * proves least privilege on every run, and a missing grant fails the invocation with AccessDenied.
 *
 * The order is forced by moto 5.2.1: with enforcement on it answers AssumeRole with a 500 when the
 * trust policy names only a Service principal (the deployed roles trust lambda.amazonaws.com), so
 * the roles are assumed first. Its temporary credentials never expire (it looks them up by access
 * key without checking the expiry), so one assumption serves the whole run. The runner's own
 * requests then use an administrator created just before enforcement (`enforceIam`).
 */
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  enforceIam,
  exportIamEnv,
  type FunctionCredentials,
  type RunningEmulator,
} from '@pipeline/cloud-emulator';
import { denyPolicy, describeDenyRule, type DenyRule } from './deny-rules.js';
import type { Deployment, LocalFunction } from './deployment.js';
import { RoleUnavailableError, UsageError } from '../errors.js';
import type { RoleCredentialsHook } from '../run/function-runtime.js';

/** The inline policy `--deny` adds to a role in the emulator. */
const DENY_POLICY_NAME = 'local-cloud-deny';

/** What IAM does in this run. */
export interface ExecutionRoles {
  /** Each new environment's credentials; undefined: the runner's own (the emulator's test key). */
  readonly hook: RoleCredentialsHook | undefined;
  /** The runner's own credentials once enforcement is on (the administrator); undefined: unchanged. */
  readonly runner: Required<Pick<FunctionCredentials, 'accessKeyId' | 'secretAccessKey'>> | undefined;
  readonly enforced: boolean;
  /** One line for the user: what IAM does here, and why. */
  readonly description: string;
}

export interface ExecutionRoleOptions {
  readonly emulator: RunningEmulator;
  readonly deployment: Deployment;
  /** The emulator runs the functions itself (LocalStack): the runner holds no credentials for them. */
  readonly runsFunctions: boolean;
  readonly deny: readonly DenyRule[];
  readonly region: string;
}

/** Assumes each function's role (Lambda's session name: the function's name). */
async function assumeRole(sts: STSClient, fn: LocalFunction): Promise<FunctionCredentials> {
  if (fn.roleArn === undefined)
    throw new RoleUnavailableError(`${fn.fn.name} reports no execution role (GetFunction's Role)`);
  const answer = await sts
    .send(new AssumeRoleCommand({ RoleArn: fn.roleArn, RoleSessionName: fn.fn.name.slice(0, 64) }))
    .catch((error: unknown) => {
      throw new RoleUnavailableError(`AssumeRole ${fn.roleArn} for ${fn.fn.name} failed`, { cause: error });
    });
  const { AccessKeyId, SecretAccessKey, SessionToken } = answer.Credentials ?? {};
  if (AccessKeyId === undefined || SecretAccessKey === undefined || SessionToken === undefined)
    throw new RoleUnavailableError(`AssumeRole ${fn.roleArn} returned no credentials`);
  return { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken };
}

/** Every function's role credentials, by function name. */
async function assumeAll(
  deployment: Deployment,
  endpoint: string,
  region: string,
): Promise<Map<string, FunctionCredentials>> {
  const sts = new STSClient({ endpoint, region });
  try {
    const credentials = new Map<string, FunctionCredentials>();
    for (const fn of deployment.functions.values()) credentials.set(fn.fn.name, await assumeRole(sts, fn));
    return credentials;
  } finally {
    sts.destroy();
  }
}

/** `--deny`: an explicit Deny on each named pipeline's role, in the emulator only. */
async function applyDenyRules(options: ExecutionRoleOptions): Promise<void> {
  if (options.deny.length === 0) return;
  const iam = new IAMClient({ endpoint: options.emulator.endpoint, region: options.region });
  try {
    const functions = [...options.deployment.functions.values()];
    for (const pipeline of new Set(options.deny.map((rule) => rule.pipeline))) {
      const fn = functions.find((candidate) => candidate.pipeline === pipeline);
      if (fn?.roleArn === undefined)
        throw new UsageError(
          `Expected a deployed pipeline (${functions.map((f) => f.pipeline).join(', ')}) for --deny but received ${JSON.stringify(pipeline)}`,
        );
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: fn.roleArn.slice(fn.roleArn.lastIndexOf('/') + 1),
          PolicyName: DENY_POLICY_NAME,
          PolicyDocument: denyPolicy(options.deny.filter((rule) => rule.pipeline === pipeline)),
        }),
      );
    }
  } finally {
    iam.destroy();
  }
}

function hookOf(credentials: ReadonlyMap<string, FunctionCredentials>): RoleCredentialsHook {
  return (fn) => {
    const found = credentials.get(fn.name);
    // Never fall back to the runner's identity: that would hide a denial.
    if (found === undefined) throw new RoleUnavailableError(`no role credentials for ${fn.name}`);
    return Promise.resolve(found);
  };
}

function whyNotEnforced(options: ExecutionRoleOptions): string {
  if (options.runsFunctions)
    return 'LocalStack runs each function under its deployed role itself, but its community image evaluates no IAM policy (ENFORCE_IAM is a paid feature)';
  if (options.emulator.tier === 'endpoint')
    return 'AWS_ENDPOINT_URL names an emulator pnpm start did not start, and it is left as it is';
  return "no Python with moto was found to switch moto's signature check off";
}

/** Where the runner may not switch enforcement on: the roles' credentials where the emulator grants them. */
async function unenforcedRoles(options: ExecutionRoleOptions): Promise<ExecutionRoles> {
  if (options.deny.length > 0)
    throw new UsageError(
      `--deny ${options.deny.map(describeDenyRule).join(' ')} needs IAM enforced, and it is not here: ${whyNotEnforced(options)}. Unset AWS_ENDPOINT_URL so that pnpm start starts its own moto.`,
    );
  const unenforced = `IAM: not enforced (${whyNotEnforced(options)}): a missing grant fails nothing`;
  const roles = { runner: undefined, enforced: false } as const;
  if (options.runsFunctions) return { ...roles, hook: undefined, description: unenforced };
  try {
    const credentials = await assumeAll(options.deployment, options.emulator.endpoint, options.region);
    return {
      ...roles,
      hook: hookOf(credentials),
      description: `${unenforced}; each function runs with its deployed role's credentials`,
    };
  } catch (error) {
    return {
      ...roles,
      hook: undefined,
      description: `${unenforced}; the deployed roles could not be assumed (${(error as Error).message}), so the functions run with the runner's credentials`,
    };
  }
}

/**
 * Assumes the deployed roles and, where the runner started moto, switches IAM enforcement on.
 * Elsewhere the functions still get their roles' credentials where the emulator grants them, and
 * the description says that a missing grant fails nothing.
 */
export async function runUnderRoles(options: ExecutionRoleOptions): Promise<ExecutionRoles> {
  if (!options.emulator.iamEnforceable || options.runsFunctions) return unenforcedRoles(options);
  const credentials = await assumeAll(options.deployment, options.emulator.endpoint, options.region);
  await applyDenyRules(options);
  const mode = await enforceIam(options.emulator);
  if (!mode.enforced) throw new RoleUnavailableError(`moto did not enforce IAM: ${mode.description}`);
  // Anything in this process that reads the default credentials now signs as the administrator.
  exportIamEnv(mode);
  const denied =
    options.deny.length > 0 ? `; denied for this run: ${options.deny.map(describeDenyRule).join(', ')}` : '';
  return {
    hook: hookOf(credentials),
    runner: mode.admin,
    enforced: true,
    description: `IAM: enforced by moto: each function runs under its deployed role (AssumeRole), every request authorized against its policies; the runner signs as an administrator${denied}`,
  };
}
