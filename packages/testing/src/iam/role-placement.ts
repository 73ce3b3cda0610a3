import {
  documentFromHcl,
  documentFromJson,
  type IamConditions,
  type IamPolicyDocument,
  type IamStatement,
} from './policy-document.js';
import type { SynthesizedFunction } from './synthesized-function.js';
import { blocksOf, firstReference, type TerraformReference } from './terraform-json.js';

/**
 * Where a test puts what the stack names. A test has its own buckets and may configure its own
 * folders; the role's policy follows them without being restated:
 * - a bucket reference (`${aws_s3_bucket.ingest_bucket.arn}`) becomes the test's buckets standing in for
 *   that bucket, chosen by its role in the stack (its name without the name prefix: `ingest`, `processed`);
 * - a granted folder that the function's configuration holds as deployed (its own config loader applied
 *   to the synthesized environment: `destinationPrefix` = `copies/`, granted on `processed/copies/*`)
 *   moves to where the test's configuration holds it. Actions, conditions and every other grant stay
 *   exactly as synthesized, so a grant on a folder the deployed function does not use matches nothing.
 * Any other reference (log group, queue) becomes an ARN that matches nothing in a test.
 */
export interface RolePlacement {
  /** The test's buckets standing in for each bucket of the stack, by its role (`ingest`, `processed`). */
  readonly buckets: Readonly<Record<string, readonly string[]>>;
  /** Each folder of the function's configuration, as deployed and as the test has it. */
  readonly folders: readonly FolderMove[];
  /** The ARN of the test's catalog table, standing in for the stack's (`${aws_dynamodb_table.x.arn}`). */
  readonly catalogTableArn?: string;
}

/** One folder of a function's configuration (`rejectedPrefix`), as deployed and in the test. */
export interface FolderMove {
  readonly name: string;
  readonly deployed: string;
  readonly test: string;
}

/** Pairs the folders of the deployed configuration with the test's, field by field. */
export function folderMoves(
  deployed: Readonly<Record<string, string>>,
  test: Readonly<Record<string, string>>,
): FolderMove[] {
  return Object.entries(deployed).flatMap(([name, folder]) => {
    const moved = test[name];
    return moved === undefined ? [] : [{ name, deployed: folderForm(folder), test: folderForm(moved) }];
  });
}

/** A folder of the configuration, where the stack grants it, and where the test has it. */
export interface FolderLocation {
  readonly name: string;
  readonly bucketRole: string;
  readonly deployed: string;
  readonly test: string;
}

export interface PlacedPolicies {
  readonly documents: readonly { readonly name: string; readonly document: IamPolicyDocument }[];
  readonly locations: readonly FolderLocation[];
}

const BUCKET_ARN = /^\$\{aws_s3_bucket\.([^.}]+)\.arn\}(?:\/(.*))?$/;

/** A key prefix in the apps' folder form: `''` or ending in `/`, no leading `/`. */
export function folderForm(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

function bucketRoles(fn: SynthesizedFunction): Record<string, string> {
  return Object.fromEntries(
    blocksOf(fn.stack, 'aws_s3_bucket').map(([id, block]) => {
      const name = String(block['bucket']);
      return [id, name.startsWith(`${fn.namePrefix}-`) ? name.slice(fn.namePrefix.length + 1) : name];
    }),
  );
}

/** An ARN that cannot match anything a test creates. */
function unmatchable(reference: TerraformReference): string {
  const service = reference.type.split('_')[1] ?? 'unknown';
  return `arn:aws:${service}:us-east-1:000000000000:not-in-this-test/${reference.type}.${reference.name}.${reference.attribute}`;
}

interface Resolver {
  readonly roles: Record<string, string>;
  readonly placement: RolePlacement;
  readonly locations: readonly FolderLocation[];
}

function valuesOf(reference: TerraformReference, resolver: Resolver): string[] {
  const table = resolver.placement.catalogTableArn;
  if (reference.type === 'aws_dynamodb_table' && reference.attribute === 'arn' && table !== undefined)
    return [table];
  const role = resolver.roles[reference.name];
  const standIns =
    reference.type === 'aws_s3_bucket' && role !== undefined ? (resolver.placement.buckets[role] ?? []) : [];
  if (standIns.length === 0 || !['arn', 'bucket', 'id'].includes(reference.attribute))
    return [unmatchable(reference)];
  return standIns.map((bucket) => (reference.attribute === 'arn' ? `arn:aws:s3:::${bucket}` : bucket));
}

/** `text` with every reference resolved; one result per stand-in bucket a reference expands to. */
function expand(text: string, resolver: Resolver): string[] {
  const found = firstReference(text);
  if (found === undefined) return [text];
  const before = text.slice(0, found.start);
  const after = text.slice(found.end);
  return valuesOf(found.reference, resolver).flatMap((value) => expand(before + value + after, resolver));
}

/** The path moved from the stack's folder to the test's (the longest matching location of the bucket). */
function relocate(
  path: string,
  bucketRolesOfPath: readonly string[],
  locations: readonly FolderLocation[],
): string {
  const best = locations
    .filter(
      (location) => bucketRolesOfPath.includes(location.bucketRole) && path.startsWith(location.deployed),
    )
    .sort((a, b) => b.deployed.length - a.deployed.length)[0];
  return best === undefined ? path : best.test + path.slice(best.deployed.length);
}

function bucketResource(resource: string): { id: string; path?: string } | undefined {
  const match = BUCKET_ARN.exec(resource);
  return match?.[1] === undefined ? undefined : { id: match[1], path: match[2] };
}

function placeResources(resources: readonly string[], resolver: Resolver): string[] {
  return resources.flatMap((resource) => {
    const bucket = bucketResource(resource);
    const role = bucket === undefined ? undefined : resolver.roles[bucket.id];
    if (bucket?.path === undefined || role === undefined) return expand(resource, resolver);
    const moved = relocate(bucket.path, [role], resolver.locations);
    return expand(`\${aws_s3_bucket.${bucket.id}.arn}/${moved}`, resolver);
  });
}

/** The bucket roles a statement's resources are on (for its `s3:prefix` conditions). */
function statementBucketRoles(statement: IamStatement, roles: Record<string, string>): string[] {
  return [...(statement.Resource ?? []), ...(statement.NotResource ?? [])].flatMap((resource) => {
    const role = roles[bucketResource(resource)?.id ?? ''];
    return role === undefined ? [] : [role];
  });
}

/** Conditions with references resolved and `s3:prefix` values moved with the folders. */
function placeConditions(
  conditions: IamConditions,
  onBuckets: readonly string[],
  resolver: Resolver,
): IamConditions {
  const placeValue = (key: string, value: string): string[] =>
    expand(key === 's3:prefix' ? relocate(value, onBuckets, resolver.locations) : value, resolver);
  return Object.fromEntries(
    Object.entries(conditions).map(([test, byKey]) => [
      test,
      Object.fromEntries(
        Object.entries(byKey).map(([key, values]) => [
          key,
          values.flatMap((value) => placeValue(key, value)),
        ]),
      ),
    ]),
  );
}

function placeStatement(statement: IamStatement, resolver: Resolver): IamStatement {
  const onBuckets = statementBucketRoles(statement, resolver.roles);
  const { Resource, NotResource, Condition, ...rest } = statement;
  return {
    ...rest,
    ...(Resource === undefined ? {} : { Resource: placeResources(Resource, resolver) }),
    ...(NotResource === undefined ? {} : { NotResource: placeResources(NotResource, resolver) }),
    ...(Condition === undefined ? {} : { Condition: placeConditions(Condition, onBuckets, resolver) }),
  };
}

/** Where the synthesized grants use each folder of the configuration (by bucket role). */
function folderLocations(
  documents: readonly IamPolicyDocument[],
  placement: RolePlacement,
  roles: Record<string, string>,
): FolderLocation[] {
  const paths = documents.flatMap((document) =>
    document.Statement.flatMap((statement) => {
      const onBuckets = statementBucketRoles(statement, roles);
      const prefixes = Object.values(statement.Condition ?? {}).flatMap((byKey) => byKey['s3:prefix'] ?? []);
      return [
        ...[...(statement.Resource ?? []), ...(statement.NotResource ?? [])].flatMap((resource) => {
          const bucket = bucketResource(resource);
          const role = roles[bucket?.id ?? ''];
          return bucket?.path === undefined || role === undefined ? [] : [{ role, path: bucket.path }];
        }),
        ...onBuckets.flatMap((role) => prefixes.map((path) => ({ role, path }))),
      ];
    }),
  );
  const locations = new Map<string, FolderLocation>();
  for (const move of placement.folders.filter((candidate) => candidate.deployed !== '')) {
    for (const { role } of paths.filter(({ path }) => path.startsWith(move.deployed))) {
      const location = { ...move, bucketRole: role };
      const clash = locations.get(`${role}:${move.deployed}`);
      if (clash !== undefined && clash.test !== location.test) {
        throw new Error(
          `${clash.name} and ${move.name} are both ${role}/${move.deployed} as deployed but apart in the test`,
        );
      }
      locations.set(`${role}:${move.deployed}`, location);
    }
  }
  return [...locations.values()];
}

/** The function's role policies, resolved for a test's buckets and folders (see {@link RolePlacement}). */
export function placeRolePolicies(fn: SynthesizedFunction, placement: RolePlacement): PlacedPolicies {
  const roles = bucketRoles(fn);
  const sources = fn.policies.map((policy) => ({
    name: policy.name,
    document: policy.kind === 'document' ? documentFromHcl(policy.block) : documentFromJson(policy.json),
  }));
  const locations = folderLocations(
    sources.map((source) => source.document),
    placement,
    roles,
  );
  const resolver: Resolver = { roles, placement, locations };
  return {
    locations,
    documents: sources.map(({ name, document }) => ({
      name,
      document: {
        Version: document.Version,
        Statement: document.Statement.map((statement) => placeStatement(statement, resolver)),
      },
    })),
  };
}
