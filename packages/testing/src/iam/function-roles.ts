import type { S3Client } from '@aws-sdk/client-s3';
import { assumeFunctionRole, type FunctionRole, type FunctionRoleOptions } from './function-role.js';
import type { FolderMove, GluePlacement } from './role-placement.js';

export interface FunctionRolesOptions extends FunctionRoleOptions {
  /** Called once with each new role's S3 client (a test adding a fault-injecting middleware). */
  readonly instrument?: (s3: S3Client) => void;
  /** The test's Glue database standing in for the stack's (see RolePlacement). */
  readonly glue?: GluePlacement;
  /** The test's catalog table (see createCatalogTable), standing in for the stack's. */
  readonly catalogTableArn?: string;
}

/** The pipeline's role for given stand-in buckets, assumed once per distinct set of buckets. */
export interface FunctionRoles {
  forBuckets(buckets: Readonly<Record<string, readonly string[]>>): Promise<FunctionRole>;
  /**
   * The role for one invocation, on the stack's layout: its trigger is on the `ingest` bucket (here, the
   * buckets its event names, plus `sources`), its outputs go to the `processed` bucket (`destination`).
   */
  forEvent(event: unknown, destination: string, sources?: readonly string[]): Promise<FunctionRole>;
}

/**
 * Roles of one pipeline for one test configuration (its folders, see {@link folderMoves}), created
 * lazily: an app harness asks for the role of the buckets an invocation touches (the source bucket of
 * its events, its destination).
 *
 * @example const role = await functionRoles('resize', folders).forEvent(event, destination);
 */
export function functionRoles(
  pipeline: string,
  folders: readonly FolderMove[],
  options: FunctionRolesOptions = {},
): FunctionRoles {
  const roles = new Map<string, Promise<FunctionRole>>();
  const forBuckets: FunctionRoles['forBuckets'] = (buckets) => {
    const normalized = Object.fromEntries(
      Object.entries(buckets)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([role, names]) => [role, [...new Set(names)].sort()]),
    );
    const key = JSON.stringify(normalized);
    let role = roles.get(key);
    if (role === undefined) {
      const placement = {
        buckets: normalized,
        folders,
        glue: options.glue,
        ...(options.catalogTableArn === undefined ? {} : { catalogTableArn: options.catalogTableArn }),
      };
      role = assumeFunctionRole(pipeline, placement, options).then((assumed) => {
        options.instrument?.(assumed.s3);
        return assumed;
      });
      roles.set(key, role);
    }
    return role;
  };
  return {
    forBuckets,
    forEvent: (event, destination, sources = []) =>
      forBuckets({ ingest: [...sources, ...bucketsNamedBy(event)], processed: [destination] }),
  };
}

/**
 * The buckets an event names (what its function reads from), in order, without repeats: an S3
 * notification's records, or an S3 Batch Operations invocation's tasks (`s3Bucket`, or the bucket
 * of `s3BucketArn`).
 */
export function bucketsNamedBy(event: unknown): string[] {
  const shaped = event as { Records?: unknown; tasks?: unknown } | null;
  const names: unknown[] = [];
  if (Array.isArray(shaped?.Records))
    for (const record of shaped.Records)
      names.push((record as { s3?: { bucket?: { name?: unknown } } } | null)?.s3?.bucket?.name);
  if (Array.isArray(shaped?.tasks))
    for (const task of shaped.tasks) {
      const { s3Bucket, s3BucketArn } = (task ?? {}) as { s3Bucket?: unknown; s3BucketArn?: unknown };
      names.push(s3Bucket ?? (typeof s3BucketArn === 'string' ? s3BucketArn.split(':::')[1] : undefined));
    }
  return [...new Set(names.filter((name): name is string => typeof name === 'string' && name !== ''))];
}
