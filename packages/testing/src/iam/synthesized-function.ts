import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CodedError } from '@pipeline/coded-error';
import { findWorkspaceRoot } from '@pipeline/lambda-packager/workspace-root';
import {
  blockAt,
  blocksOf,
  firstReference,
  nestedBlocks,
  referenceIn,
  type TerraformBlock,
  type TerraformJson,
} from './terraform-json.js';

/** The stack whose roles the tests run under: the one `pnpm start` deploys to the emulator. */
export const DEFAULT_TEST_STACK = 'pipelines-local';

/** A function of the synthesized stack, with what its role may do. */
export interface SynthesizedFunction {
  /** `<namePrefix>-<pipeline>`, e.g. `pipeline-local-copy`. */
  readonly functionName: string;
  readonly namePrefix: string;
  /** Its environment as synthesized (references left as `${...}`). */
  readonly environment: Readonly<Record<string, string>>;
  /** Each inline policy attached to its role: a policy document data source, or literal JSON. */
  readonly policies: readonly RolePolicySource[];
  /** The stack's whole JSON, to resolve the references the policies hold. */
  readonly stack: TerraformJson;
}

type RolePolicySource =
  | { readonly kind: 'document'; readonly name: string; readonly block: TerraformBlock }
  | { readonly kind: 'json'; readonly name: string; readonly json: string };

export class SynthesizedStackError extends CodedError<'SYNTHESIZED_STACK_UNUSABLE'> {
  override readonly name = 'SynthesizedStackError';

  constructor(message: string) {
    super('SYNTHESIZED_STACK_UNUSABLE', message);
  }
}

/** Where `pnpm synth` writes a stack's Terraform JSON. */
export function synthesizedStackPath(stack = DEFAULT_TEST_STACK, root = findWorkspaceRoot()): string {
  return join(root, 'infra', 'cdktf.out', 'stacks', stack, 'cdk.tf.json');
}

/** Reads a synthesized stack; a missing file is an error that says how to make it. */
export function readSynthesizedStack(path: string = synthesizedStackPath()): TerraformJson {
  if (!existsSync(path)) {
    const shown = relative(process.cwd(), path) || path;
    throw new SynthesizedStackError(
      `The synthesized stack ${shown} is missing: run \`pnpm synth\` first ` +
        '(turbo runs it before every app test task: `pnpm test` or `pnpm turbo run test --filter <app>`).',
    );
  }
  return JSON.parse(readFileSync(path, 'utf8')) as TerraformJson;
}

let defaultStack: TerraformJson | undefined;

/** The stack the tests run under (see {@link DEFAULT_TEST_STACK}), read once per process. */
export function defaultSynthesizedStack(): TerraformJson {
  defaultStack ??= readSynthesizedStack(synthesizedStackPath());
  return defaultStack;
}

function functionNamed(stack: TerraformJson, pipeline: string): TerraformBlock {
  const matches = blocksOf(stack, 'aws_lambda_function').filter(([, block]) =>
    String(block['function_name']).endsWith(`-${pipeline}`),
  );
  const [first, ...others] = matches;
  if (first === undefined || others.length > 0) {
    const names = blocksOf(stack, 'aws_lambda_function').map(([, block]) => String(block['function_name']));
    throw new SynthesizedStackError(
      `Expected one function named <namePrefix>-${pipeline} in the synthesized stack; found ${matches.length} among ${names.join(', ') || 'none'}`,
    );
  }
  return first[1];
}

/** Does a role attribute (`${aws_iam_role.x.id}`, `.name`, or the literal name) name this role? */
function namesRole(value: unknown, roleId: string, roleName: unknown): boolean {
  const reference = referenceIn(value);
  if (reference !== undefined) return reference.type === 'aws_iam_role' && reference.name === roleId;
  return value === roleName;
}

function policySource(block: TerraformBlock, stack: TerraformJson): RolePolicySource {
  const name = String(block['name']);
  const reference = referenceIn(block['policy']);
  if (reference === undefined) return { kind: 'json', name, json: String(block['policy']) };
  if (!reference.data || reference.type !== 'aws_iam_policy_document' || reference.attribute !== 'json') {
    throw new SynthesizedStackError(
      `Role policy ${name} is not an aws_iam_policy_document: ${String(block['policy'])}`,
    );
  }
  return { kind: 'document', name, block: blockAt(stack, reference) };
}

function rolePolicies(stack: TerraformJson, roleId: string): RolePolicySource[] {
  const role = blockAt(stack, { data: false, type: 'aws_iam_role', name: roleId, attribute: 'arn' });
  const attached = [
    ...blocksOf(stack, 'aws_iam_role_policy_attachment'),
    ...blocksOf(stack, 'aws_iam_policy_attachment'),
  ].filter(([, block]) => namesRole(block['role'], roleId, role['name']));
  if (
    attached.length > 0 ||
    role['managed_policy_arns'] !== undefined ||
    nestedBlocks(role['inline_policy']).length > 0
  ) {
    // The harness would under-grant silently otherwise: say what it does not read.
    throw new SynthesizedStackError(
      `Role ${String(role['name'])} has managed or inline-block policies; the test harness reads aws_iam_role_policy only`,
    );
  }
  return blocksOf(stack, 'aws_iam_role_policy')
    .filter(([, block]) => namesRole(block['role'], roleId, role['name']))
    .map(([, block]) => policySource(block, stack));
}

/**
 * The function `<namePrefix>-<pipeline>` of a synthesized stack, its environment and its role's
 * policies, found by following `role` to the aws_iam_role and the aws_iam_role_policy on it.
 */
export function synthesizedFunction(
  pipeline: string,
  stack: TerraformJson = readSynthesizedStack(),
): SynthesizedFunction {
  const fn = functionNamed(stack, pipeline);
  const functionName = String(fn['function_name']);
  const role = referenceIn(fn['role']);
  if (role === undefined || role.type !== 'aws_iam_role') {
    throw new SynthesizedStackError(`${functionName}: its role is not a reference to an aws_iam_role`);
  }
  const variables = nestedBlocks(fn['environment'])[0]?.['variables'] ?? {};
  return {
    functionName,
    namePrefix: functionName.slice(0, -(pipeline.length + 1)),
    environment: Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, String(value)])),
    policies: rolePolicies(stack, role.name),
    stack,
  };
}

/** A value with its bucket references resolved to the stack's bucket names (other references kept). */
function withBucketNames(value: string, stack: TerraformJson): string {
  let resolved = '';
  let rest = value;
  for (let found = firstReference(rest); found !== undefined; found = firstReference(rest)) {
    const { reference } = found;
    const isBucketName = reference.type === 'aws_s3_bucket' && ['bucket', 'id'].includes(reference.attribute);
    const text = isBucketName
      ? String(blockAt(stack, reference)['bucket'])
      : rest.slice(found.start, found.end);
    resolved += rest.slice(0, found.start) + text;
    rest = rest.slice(found.end);
  }
  return resolved + rest;
}

/**
 * The function's environment as it is deployed (bucket references resolved to the stack's bucket
 * names): what its own config loader reads at cold start, so a test can ask it where its folders are.
 *
 * @example copyFolders(loadConfig(synthesizedEnvironment('copy'))) // { destinationPrefix: 'copies/', ... }
 */
export function synthesizedEnvironment(
  pipeline: string,
  stack: TerraformJson = defaultSynthesizedStack(),
): Record<string, string> {
  const fn = synthesizedFunction(pipeline, stack);
  return Object.fromEntries(
    Object.entries(fn.environment).map(([name, value]) => [name, withBucketNames(value, stack)]),
  );
}
