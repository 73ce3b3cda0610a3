/**
 * The part of terraform's JSON plan (`terraform show -json PLANFILE`) that the reviewed-plan check
 * reads: one entry per resource with its address, its actions and its values before and after.
 * See https://developer.hashicorp.com/terraform/internals/json-format#change-representation
 */
import { PlanCheckError } from './errors.js';

/** A JSON value as terraform writes it. */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete';

export interface ResourceChange {
  /** e.g. `aws_lambda_function.copy_function_1A2B3C4D` */
  readonly address: string;
  /** `["create"]`, `["delete","create"]` (replace), `["no-op"]`, ... */
  readonly actions: readonly PlanAction[];
  /** The planned values; parts known only after apply are absent here and `true` in `afterUnknown`. */
  readonly after: JsonValue;
  /** Mirrors `after`: `true` where a value is known only after apply. */
  readonly afterUnknown: JsonValue;
  /** Mirrors `after`: `true` where a value is sensitive (printed as "(sensitive)"). */
  readonly afterSensitive: JsonValue;
}

export interface TerraformPlan {
  readonly terraformVersion: string;
  readonly resourceChanges: readonly ResourceChange[];
}

const ACTIONS: ReadonlySet<string> = new Set(['no-op', 'create', 'read', 'update', 'delete']);

/** Parses the text of `terraform show -json PLANFILE`; throws PlanCheckError when it is not one. */
export function parsePlan(text: string, source: string): TerraformPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PlanCheckError(
      `Expected terraform's JSON plan in ${source} but received text that is not JSON`,
      {
        cause: error,
      },
    );
  }
  if (!isRecord(raw) || typeof raw['format_version'] !== 'string')
    throw new PlanCheckError(
      `Expected terraform's JSON plan (with format_version) in ${source} but received ${describe(raw)}`,
    );
  const changes = raw['resource_changes'] ?? [];
  if (!Array.isArray(changes))
    throw new PlanCheckError(
      `Expected an array for resource_changes in ${source} but received ${describe(changes)}`,
    );
  return {
    terraformVersion: typeof raw['terraform_version'] === 'string' ? raw['terraform_version'] : 'unknown',
    resourceChanges: changes.map((entry: unknown, index) =>
      parseResourceChange(entry, `${source} resource_changes[${index}]`),
    ),
  };
}

function parseResourceChange(entry: unknown, where: string): ResourceChange {
  if (!isRecord(entry) || typeof entry['address'] !== 'string' || !isRecord(entry['change']))
    throw new PlanCheckError(`Expected an address and a change at ${where} but received ${describe(entry)}`);
  const change = entry['change'];
  const actions = change['actions'];
  if (
    !Array.isArray(actions) ||
    !actions.every((a): a is PlanAction => typeof a === 'string' && ACTIONS.has(a))
  )
    throw new PlanCheckError(`Expected terraform actions at ${where} but received ${describe(actions)}`);
  return {
    address: entry['address'],
    actions,
    after: (change['after'] ?? null) as JsonValue,
    afterUnknown: (change['after_unknown'] ?? false) as JsonValue,
    afterSensitive: (change['after_sensitive'] ?? false) as JsonValue,
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
