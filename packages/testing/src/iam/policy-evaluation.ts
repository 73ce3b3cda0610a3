import type { IamConditions, IamPolicyDocument, IamStatement } from './policy-document.js';

/**
 * A small identity-policy evaluator, enough to say whether a role's policy grants what a recorded S3
 * call needs on AWS (see s3-permissions.ts): wildcards in actions and resources, Allow/Deny, and the
 * String conditions our policies use. It reports; it never decides a test (moto does that).
 */

/** Condition keys and their values for one request, e.g. `{ 's3:prefix': 'copies/' }`. */
export type RequestContext = Readonly<Record<string, string>>;

function globToRegExp(pattern: string, flags: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, flags);
}

const matchesAny = (patterns: readonly string[], value: string, flags: string): boolean =>
  patterns.some((pattern) => globToRegExp(pattern, flags).test(value));

const STRING_TESTS: Readonly<Record<string, (patterns: readonly string[], value: string) => boolean>> = {
  StringEquals: (patterns, value) => patterns.includes(value),
  StringLike: (patterns, value) => matchesAny(patterns, value, ''),
};

/** One condition operator over its keys; `Not` forms hold where the key is missing, as in IAM. */
function conditionHolds(
  operator: string,
  byKey: Readonly<Record<string, readonly string[]>>,
  context: RequestContext,
): boolean {
  const ifExists = operator.endsWith('IfExists');
  const base = operator.replace(/IfExists$/, '');
  const negated = base.startsWith('StringNot');
  const test = STRING_TESTS[negated ? base.replace('StringNot', 'String') : base];
  if (test === undefined) return false; // an operator this evaluator does not know never grants
  return Object.entries(byKey).every(([key, patterns]) => {
    const value = context[key];
    if (value === undefined) return ifExists || negated;
    return negated ? !test(patterns, value) : test(patterns, value);
  });
}

function conditionsHold(conditions: IamConditions | undefined, context: RequestContext): boolean {
  return Object.entries(conditions ?? {}).every(([operator, byKey]) =>
    conditionHolds(operator, byKey, context),
  );
}

function applies(
  statement: IamStatement,
  action: string,
  resource: string,
  context: RequestContext,
): boolean {
  const actionMatches =
    statement.Action !== undefined
      ? matchesAny(statement.Action, action, 'i')
      : statement.NotAction !== undefined && !matchesAny(statement.NotAction, action, 'i');
  const resourceMatches =
    statement.Resource !== undefined
      ? matchesAny(statement.Resource, resource, '')
      : statement.NotResource !== undefined && !matchesAny(statement.NotResource, resource, '');
  return actionMatches && resourceMatches && conditionsHold(statement.Condition, context);
}

/** Whether the documents together allow `action` on `resource` (no explicit Deny, some Allow). */
export function isAllowed(
  documents: readonly IamPolicyDocument[],
  action: string,
  resource: string,
  context: RequestContext = {},
): boolean {
  const statements = documents.flatMap((document) => document.Statement);
  const matching = statements.filter((statement) => applies(statement, action, resource, context));
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny');
}

/** The ARN of an object, or of a bucket when `key` is undefined. */
export function s3Arn(bucket: string, key?: string): string {
  return key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
}
