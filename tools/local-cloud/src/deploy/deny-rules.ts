/**
 * `--deny PIPELINE=ACTION[@KEY-PREFIX]`: an explicit Deny added to one function's role in the
 * emulator for this run (the stack is untouched), to see what a missing grant does: with IAM
 * enforced, the function's requests for ACTION (on keys under KEY-PREFIX in any bucket, when given)
 * answer AccessDenied, and its invocations fail, are retried and end in its failure destination.
 */
import { UsageError } from '../errors.js';

export interface DenyRule {
  readonly pipeline: string;
  /** An IAM action, e.g. `s3:PutObject`. */
  readonly action: string;
  /** Only object keys under this prefix (in any bucket); absent: every resource. */
  readonly keyPrefix: string | undefined;
}

const RULE = /^([a-z][a-z0-9-]*)=([a-z0-9-]+:[A-Za-z*]+)(?:@(.+))?$/;

/** Parses one `--deny` value. */
export function parseDenyRule(text: string): DenyRule {
  const match = RULE.exec(text.trim());
  if (match === null)
    throw new UsageError(
      `Expected PIPELINE=ACTION[@KEY-PREFIX] (e.g. copy=s3:PutObject@copies/private/) for --deny but received ${JSON.stringify(text)}`,
    );
  const [, pipeline = '', action = '', keyPrefix] = match;
  return { pipeline, action, keyPrefix };
}

/** The inline policy that holds a function's deny rules. */
export function denyPolicy(rules: readonly DenyRule[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: rules.map((rule, index) => ({
      Sid: `LocalCloudDeny${index}`,
      Effect: 'Deny',
      Action: [rule.action],
      Resource: [rule.keyPrefix === undefined ? '*' : `arn:aws:s3:::*/${rule.keyPrefix}*`],
    })),
  });
}

/** `copy=s3:PutObject@copies/private/`, as the user wrote it. */
export function describeDenyRule(rule: DenyRule): string {
  return `${rule.pipeline}=${rule.action}${rule.keyPrefix === undefined ? '' : `@${rule.keyPrefix}`}`;
}
