/**
 * Least-privilege rules applied to every aws_iam_policy_document of a synthesized stack.
 * Allow statements: no wildcard action, no `*` resource unless every action has no resource-level
 * permissions, no account- or service-wide ARN wildcards, and S3 object grants limited to a
 * prefix (never a whole bucket). Deny statements may be broad: they only take permissions away.
 */
import type { Block } from './synthesized.js';

/** Actions AWS only authorizes on `*` (no resource-level permissions). */
export const RESOURCE_STAR_ONLY_ACTIONS: ReadonlySet<string> = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
]);

export interface PolicyViolation {
  readonly document: string;
  readonly statement: string;
  readonly problem: string;
}

interface Statement {
  sid?: string;
  effect?: string;
  actions?: string[];
  not_actions?: string[];
  resources?: string[];
  not_resources?: string[];
}

/** Matches ARNs whose resource part is only a wildcard: `arn:aws:s3:::*`, `arn:aws:sqs:us-east-1:123:*`. */
const SERVICE_WIDE_ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:\*$/;
/** A whole-bucket object ARN built from a bucket reference: `${aws_s3_bucket.x.arn}/*`. */
const WHOLE_BUCKET_OBJECTS = /^\$\{aws_s3_bucket\.[^}]+\.arn\}\/\*$/;

export function checkPolicyDocument(name: string, document: Block): PolicyViolation[] {
  const statements = (document['statement'] ?? []) as Statement[];
  return statements.flatMap((statement, index) =>
    checkStatement(name, statement.sid ?? `#${index}`, statement),
  );
}

function checkStatement(document: string, sid: string, statement: Statement): PolicyViolation[] {
  if (statement.effect === 'Deny') return [];
  const problems: string[] = [];
  const actions = statement.actions ?? [];
  const resources = statement.resources ?? [];
  if (statement.not_actions || statement.not_resources)
    problems.push('uses NotAction/NotResource in an Allow');
  for (const action of actions) if (action.includes('*')) problems.push(`wildcard action ${action}`);
  const isAssumeRole = actions.length > 0 && actions.every((a) => a === 'sts:AssumeRole');
  if (!isAssumeRole && resources.length === 0) problems.push('Allow without resources');
  for (const resource of resources) {
    if (resource === '*' && !actions.every((a) => RESOURCE_STAR_ONLY_ACTIONS.has(a)))
      problems.push(`resource * for ${actions.filter((a) => !RESOURCE_STAR_ONLY_ACTIONS.has(a)).join(', ')}`);
    if (SERVICE_WIDE_ARN.test(resource)) problems.push(`service-wide resource ${resource}`);
    if (WHOLE_BUCKET_OBJECTS.test(resource))
      problems.push(`whole-bucket object resource ${resource} (grant a prefix)`);
  }
  return problems.map((problem) => ({ document, statement: sid, problem }));
}
