/**
 * Where things live: one of the environment's two buckets and a folder in it. A leaf module
 * (imports nothing), so the pipeline modules and the configuration both import it.
 */

/** The two buckets of an environment: `ingest` holds primary data (versioned), `processed` derived data. */
export const BUCKET_ROLES = ['ingest', 'processed'] as const;
export type BucketRole = (typeof BUCKET_ROLES)[number];

/**
 * A folder inside one of the environment's buckets. `prefix` is written without a leading or
 * trailing slash (`incoming`, `images/variants`); the stack derives filters (`incoming/`) and
 * IAM resources (`.../incoming/*`) from it.
 */
export interface S3Location {
  readonly bucket: BucketRole;
  readonly prefix: string;
}
