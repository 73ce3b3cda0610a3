import { nestedBlocks, stringList, type TerraformBlock } from './terraform-json.js';

/** `{ StringLike: { 's3:prefix': ['copies/*'] } }`. */
export type IamConditions = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** An identity-policy statement in IAM's JSON shape, lists always as arrays. */
export interface IamStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource?: readonly string[];
  readonly NotResource?: readonly string[];
  readonly Condition?: IamConditions;
}

export interface IamPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly IamStatement[];
}

function effectOf(value: unknown): 'Allow' | 'Deny' {
  if (value === undefined || value === 'Allow') return 'Allow';
  if (value === 'Deny') return 'Deny';
  throw new Error(`Unknown policy effect ${JSON.stringify(value)}`);
}

function conditionsOf(blocks: readonly Readonly<Record<string, unknown>>[]): IamConditions | undefined {
  if (blocks.length === 0) return undefined;
  const conditions: Record<string, Record<string, string[]>> = {};
  for (const block of blocks) {
    const test = String(block['test']);
    const variable = String(block['variable']);
    const byVariable = (conditions[test] ??= {});
    if (byVariable[variable] !== undefined) {
      throw new Error(`Two ${test} conditions on ${variable} in one statement: merge them in infra`);
    }
    byVariable[variable] = stringList(block['values']);
  }
  return conditions;
}

/** Leaves out empty lists, as IAM's JSON does. */
function listField<K extends string>(name: K, values: string[]): Partial<Record<K, string[]>> {
  return values.length === 0 ? {} : ({ [name]: values } as Record<K, string[]>);
}

/** One `statement` block of an aws_iam_policy_document (HCL attribute names) as an IAM statement. */
function statementFromHcl(block: Readonly<Record<string, unknown>>): IamStatement {
  if (nestedBlocks(block['principals']).length > 0 || nestedBlocks(block['not_principals']).length > 0) {
    throw new Error('A role policy statement names principals: that is a trust or resource policy');
  }
  const condition = conditionsOf(nestedBlocks(block['condition']));
  return {
    ...(typeof block['sid'] === 'string' && block['sid'] !== '' ? { Sid: block['sid'] } : {}),
    Effect: effectOf(block['effect']),
    ...listField('Action', stringList(block['actions'])),
    ...listField('NotAction', stringList(block['not_actions'])),
    ...listField('Resource', stringList(block['resources'])),
    ...listField('NotResource', stringList(block['not_resources'])),
    ...(condition === undefined ? {} : { Condition: condition }),
  };
}

/** An aws_iam_policy_document data source as a policy document (references still unresolved). */
export function documentFromHcl(block: TerraformBlock): IamPolicyDocument {
  for (const unsupported of [
    'source_policy_documents',
    'override_policy_documents',
    'source_json',
    'override_json',
  ]) {
    if (block[unsupported] !== undefined) {
      throw new Error(`aws_iam_policy_document with ${unsupported} is not read by the test harness`);
    }
  }
  return { Version: '2012-10-17', Statement: nestedBlocks(block['statement']).map(statementFromHcl) };
}

const LIST_FIELDS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;

/** A literal JSON policy (as `policy = jsonencode(...)` synthesizes), lists normalized to arrays. */
export function documentFromJson(json: string): IamPolicyDocument {
  const parsed = JSON.parse(json) as { Statement?: unknown };
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  return {
    Version: '2012-10-17',
    Statement: statements.map((raw) => {
      const statement = raw as Record<string, unknown>;
      const lists = Object.fromEntries(
        LIST_FIELDS.filter((field) => statement[field] !== undefined).map((field) => [
          field,
          stringList(statement[field]),
        ]),
      );
      const condition = statement['Condition'] as Record<string, Record<string, unknown>> | undefined;
      return {
        ...(typeof statement['Sid'] === 'string' ? { Sid: statement['Sid'] } : {}),
        Effect: effectOf(statement['Effect']),
        ...lists,
        ...(condition === undefined
          ? {}
          : {
              Condition: Object.fromEntries(
                Object.entries(condition).map(([test, byKey]) => [
                  test,
                  Object.fromEntries(Object.entries(byKey).map(([key, values]) => [key, stringList(values)])),
                ]),
              ),
            }),
      };
    }),
  };
}
