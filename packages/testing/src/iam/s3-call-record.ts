import type { S3Client } from '@aws-sdk/client-s3';
import type { IamPolicyDocument } from './policy-document.js';
import { isAllowed, s3Arn } from './policy-evaluation.js';
import { s3CallName, s3PermissionsFor, type S3Permission } from './s3-permissions.js';

/** A permission a recorded call needed, named as the stack names it (`processed/copies/*`). */
export interface ObservedPermission {
  readonly action: string;
  readonly resource: string;
  /** Whether the role's synthesized policy grants it (evaluated here, as AWS would). */
  readonly granted: boolean;
  readonly when?: string;
}

export type S3CallResult = 'ok' | 'denied' | 'not-found' | 'error';

/** One S3 call a function made under its role, as a test observed it. */
export interface ObservedS3Call {
  readonly pipeline: string;
  readonly functionName: string;
  /** `HeadObject`, `CopyObject`, ... */
  readonly call: string;
  /** `VersionId` when the call named a version (it then needs the `...Version` action). */
  readonly variant?: string;
  /** Where it went, in the test's terms: `s3://bucket/key`. */
  readonly target: string;
  readonly permissions: readonly ObservedPermission[];
  readonly result: S3CallResult;
  readonly errorName?: string;
}

/** Names a test's bucket and key (or list prefix) as the stack does: `processed/copies/*`. */
export interface DeployedTerms {
  object(bucket: string, key: string): string;
  listing(bucket: string, prefix: string): string;
}

/** What the recorder needs to know about the role it watches. */
export interface RecordedRole {
  readonly pipeline: string;
  readonly functionName: string;
  readonly documents: readonly IamPolicyDocument[];
  readonly terms: DeployedTerms;
}

/** An SDK client's error as a call record reads it: its name and HTTP status, where it has them. */
export function sdkErrorOf(error: unknown): { errorName?: string; status?: unknown } {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  return {
    ...(typeof shape.name === 'string' ? { errorName: shape.name } : {}),
    status: shape.$metadata?.httpStatusCode,
  };
}

function resultOf(error: unknown): { result: S3CallResult; errorName?: string } {
  const { errorName, status } = sdkErrorOf(error);
  if (errorName === 'AccessDenied' || status === 403) return { result: 'denied', errorName };
  if (status === 404) return { result: 'not-found', errorName };
  return { result: 'error', errorName };
}

function observe(role: RecordedRole, permission: S3Permission): ObservedPermission {
  const listing = permission.key === undefined;
  const context: Record<string, string> =
    permission.prefix === undefined ? {} : { 's3:prefix': permission.prefix };
  return {
    action: permission.action,
    resource: listing
      ? role.terms.listing(permission.bucket, permission.prefix ?? '')
      : role.terms.object(permission.bucket, permission.key ?? ''),
    granted: isAllowed(role.documents, permission.action, s3Arn(permission.bucket, permission.key), context),
    ...(permission.when === undefined ? {} : { when: permission.when }),
  };
}

/** Calls that answer 404 for a missing key only where the role may list the bucket (else 403 on AWS). */
const READS_OF_MAYBE_MISSING_KEYS = new Set(['GetObject', 'HeadObject', 'GetObjectTagging']);

function permissionsOf(
  commandName: string,
  input: Readonly<Record<string, unknown>>,
  result: S3CallResult,
): S3Permission[] {
  const permissions = s3PermissionsFor(commandName, input);
  const bucket = typeof input['Bucket'] === 'string' ? input['Bucket'] : '';
  const key = typeof input['Key'] === 'string' ? input['Key'] : undefined;
  if (
    result !== 'not-found' ||
    key === undefined ||
    !READS_OF_MAYBE_MISSING_KEYS.has(s3CallName(commandName))
  )
    return permissions;
  // moto answered 404 whatever the policy; S3 answers 404 only with s3:ListBucket, else 403.
  return [
    ...permissions,
    { action: 's3:ListBucket', bucket, prefix: key, when: 'a missing key answers 404, not 403' },
  ];
}

function describeCall(
  role: RecordedRole,
  commandName: string,
  input: Readonly<Record<string, unknown>>,
  outcome: { result: S3CallResult; errorName?: string },
): ObservedS3Call {
  const bucket = typeof input['Bucket'] === 'string' ? input['Bucket'] : '';
  const key = typeof input['Key'] === 'string' ? `/${input['Key']}` : '';
  return {
    pipeline: role.pipeline,
    functionName: role.functionName,
    call: s3CallName(commandName),
    ...(typeof input['VersionId'] === 'string' ? { variant: 'VersionId' } : {}),
    target: `s3://${bucket}${key}`,
    permissions: permissionsOf(commandName, input, outcome.result).map((permission) =>
      observe(role, permission),
    ),
    ...outcome,
  };
}

/**
 * Adds a middleware to `client` that reports every call it makes, with the permissions it needs on
 * AWS and how the emulator answered, to `sink`. It wraps the whole send (retries included).
 */
export function recordS3Calls(
  client: S3Client,
  role: RecordedRole,
  sink: (call: ObservedS3Call) => void,
): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Readonly<Record<string, unknown>>;
      const command = context.commandName ?? 'UnknownCommand';
      try {
        const output = await next(args);
        sink(describeCall(role, command, input, { result: 'ok' }));
        return output;
      } catch (error) {
        sink(describeCall(role, command, input, resultOf(error)));
        throw error;
      }
    },
    { step: 'initialize', name: 'recordS3CallsForIam', priority: 'high' },
  );
}
