/**
 * Least-privilege rules applied to every aws_iam_policy_document of a synthesized stack.
 * Allow statements: no wildcard action, no `*` resource unless every action has no resource-level
 * permissions, no account- or service-wide ARN wildcards, S3 object grants limited to a
 * prefix (never a whole bucket), and DynamoDB grants limited to item actions on one of the stack's
 * tables (the object catalog). Deny statements may be broad: they only take permissions away.
 * Per document: whoever reads, heads or tags objects under a prefix (which may be missing) also
 * holds `s3:ListBucket` on that bucket, limited by `s3:prefix` to the prefixes it uses; without it
 * S3 answers 403 instead of 404 for a missing key (the emulator answers 404 regardless).
 */
import type { Block } from './synthesized.js';

/** Actions AWS only authorizes on `*` (no resource-level permissions). */
const RESOURCE_STAR_ONLY_ACTIONS: ReadonlySet<string> = new Set([
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
  condition?: { test?: string; variable?: string; values?: string[] }[];
}

/** Object actions whose answer for a missing key is 404 only with s3:ListBucket (else 403). */
const MAY_BE_MISSING_ACTIONS: ReadonlySet<string> = new Set([
  's3:GetObject',
  's3:GetObjectVersion',
  's3:GetObjectTagging',
  's3:GetObjectVersionTagging',
  's3:GetObjectAttributes',
  's3:GetObjectVersionAttributes',
  's3:PutObjectTagging',
]);

/** DynamoDB actions a pipeline role may hold: item reads and writes, never table administration. */
const DYNAMODB_ITEM_ACTIONS: ReadonlySet<string> = new Set([
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:Query',
]);
/** A DynamoDB grant names one of the stack's tables: `${aws_dynamodb_table.x.arn}` (no index, stream or wildcard). */
const TABLE_ARN = /^\$\{aws_dynamodb_table\.[^}]+\.arn\}$/;

/** Matches ARNs whose resource part is only a wildcard: `arn:aws:s3:::*`, `arn:aws:sqs:us-east-1:123:*`. */
const SERVICE_WIDE_ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:\*$/;
/** A whole-bucket object ARN built from a bucket reference: `${aws_s3_bucket.x.arn}/*`. */
const WHOLE_BUCKET_OBJECTS = /^\$\{aws_s3_bucket\.[^}]+\.arn\}\/\*$/;

/** An S3 object resource under a prefix: `${aws_s3_bucket.x.arn}/in/*` or `arn:aws:s3:::b/in/*`. */
const PREFIX_OBJECTS = /^(\$\{aws_s3_bucket\.[^}]+\.arn\}|arn:[^:]+:s3:::[^/]+)\/(.+)\*$/;

export function checkPolicyDocument(name: string, document: Block): PolicyViolation[] {
  const statements = (document['statement'] ?? []) as Statement[];
  return [
    ...statements.flatMap((statement, index) =>
      checkStatement(name, statement.sid ?? `#${index}`, statement),
    ),
    ...checkListing(name, statements),
  ];
}

interface PrefixUse {
  readonly sid: string;
  readonly bucket: string;
  readonly prefix: string;
}

/** Every prefix read, headed or tagged is listable on its bucket, and nothing else is. */
function checkListing(document: string, statements: readonly Statement[]): PolicyViolation[] {
  const allows = statements.filter((s) => s.effect !== 'Deny');
  const reads: PrefixUse[] = allows.flatMap((s, index) =>
    (s.actions ?? []).some((a) => MAY_BE_MISSING_ACTIONS.has(a)) ? prefixUses(s, index) : [],
  );
  const used: PrefixUse[] = allows.flatMap((s, index) => prefixUses(s, index));
  const lists = allows.filter((s) => (s.actions ?? []).includes('s3:ListBucket'));
  const violations: PolicyViolation[] = [];
  for (const read of reads) {
    const listed = lists.some(
      (list) =>
        (list.resources ?? []).includes(read.bucket) &&
        // An unlimited ListBucket covers the read too; it is reported below as unlimited.
        (listedPrefixes(list).length === 0 ||
          listedPrefixes(list).some((pattern) => read.prefix.startsWith(pattern.replace(/\*$/, '')))),
    );
    if (!listed)
      violations.push({
        document,
        statement: read.sid,
        problem: `reads ${read.bucket}/${read.prefix}* without s3:ListBucket on that bucket limited to ${read.prefix}*`,
      });
  }
  lists.forEach((list, index) => {
    const sid = list.sid ?? `#${index}`;
    const patterns = listedPrefixes(list);
    if (patterns.length === 0)
      violations.push({ document, statement: sid, problem: 's3:ListBucket without an s3:prefix condition' });
    for (const pattern of patterns)
      if (!used.some((u) => (list.resources ?? []).includes(u.bucket) && `${u.prefix}*` === pattern))
        violations.push({
          document,
          statement: sid,
          problem: `lists ${pattern}, a prefix the role does not use`,
        });
  });
  return violations;
}

function prefixUses(statement: Statement, index: number): PrefixUse[] {
  return (statement.resources ?? []).flatMap((resource) => {
    const match = PREFIX_OBJECTS.exec(resource);
    return match ? [{ sid: statement.sid ?? `#${index}`, bucket: match[1]!, prefix: match[2]! }] : [];
  });
}

/** The `s3:prefix` patterns a ListBucket statement is limited to (none: unlimited). */
function listedPrefixes(statement: Statement): string[] {
  return (statement.condition ?? [])
    .filter((c) => c.variable === 's3:prefix' && (c.test === 'StringLike' || c.test === 'StringEquals'))
    .flatMap((c) => c.values ?? []);
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
  const dynamodb = actions.filter((a) => a.startsWith('dynamodb:'));
  for (const action of dynamodb)
    if (!DYNAMODB_ITEM_ACTIONS.has(action))
      problems.push(`DynamoDB action ${action} beyond item reads and writes`);
  if (dynamodb.length > 0)
    for (const resource of resources)
      if (!TABLE_ARN.test(resource))
        problems.push(`DynamoDB resource ${resource} is not one of the stack's tables`);
  return problems.map((problem) => ({ document, statement: sid, problem }));
}
