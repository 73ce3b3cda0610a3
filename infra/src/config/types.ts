/**
 * Typed configuration for one deployment environment. Everything a stack varies by lives
 * here; constructs receive already-validated values (see validate.ts).
 */
import type { PipelinesConfig } from '../pipelines/registry.js';
import type { EnvironmentName } from './environment-names.js';
import type { Architecture, LogLevel } from './function-settings.js';
import type { S3Location } from './s3-location.js';

export type { PipelineName, PipelinesConfig } from '../pipelines/registry.js';
export { ENVIRONMENT_NAMES, type EnvironmentName } from './environment-names.js';
export type { Architecture, FunctionSettings } from './function-settings.js';
export { BUCKET_ROLES, type BucketRole, type S3Location } from './s3-location.js';

type ArchiveStorageClass =
  'STANDARD_IA' | 'ONEZONE_IA' | 'INTELLIGENT_TIERING' | 'GLACIER_IR' | 'GLACIER' | 'DEEP_ARCHIVE';

/** Lifecycle days applied to the buckets. */
export interface LifecycleConfig {
  /** Originals in the ingest bucket move to `archiveStorageClass` after this many days (default 30). */
  readonly archiveAfterDays: number;
  readonly archiveStorageClass: ArchiveStorageClass;
  /** Rejection records expire after this many days. */
  readonly rejectedExpireDays: number;
  /** Noncurrent versions in versioned buckets expire after this many days. */
  readonly noncurrentVersionExpireDays: number;
  /** Incomplete multipart uploads are aborted after this many days. */
  readonly abortIncompleteMultipartDays: number;
}

export type BackendConfig =
  | {
      readonly type: 'local';
      /** state file; a relative path lives in the stack's working directory */ readonly path: string;
    }
  | {
      readonly type: 's3';
      readonly bucket: string;
      readonly key: string;
      readonly region: string;
      readonly kmsKeyId?: string;
    };

/**
 * The S3 Batch Operations route for reprocessing millions of objects (see docs/operations.md): when
 * enabled, the stack adds a job role that S3 Batch Operations assumes to invoke the environment's
 * functions, read job manifests and write completion reports, both under `location`.
 */
export interface BatchOperationsConfig {
  readonly enabled: boolean;
  /** Where manifests are read and reports written; it may not overlap any trigger or output. */
  readonly location: S3Location;
}

/**
 * The object catalog's table (DynamoDB, `<namePrefix>-catalog`): on-demand, encrypted, TTL on
 * `expiresAt`, a stream of new and old images. What varies by environment is what protects data.
 */
export interface CatalogConfig {
  /** Point-in-time recovery (35 days of restorable history). */
  readonly pointInTimeRecovery: boolean;
  /** Refuse DeleteTable (a `terraform destroy` must turn it off first). */
  readonly deletionProtection: boolean;
  /**
   * `aws-owned`: DynamoDB's default key (no cost, not visible in the account). `aws-managed`:
   * the account's `aws/dynamodb` key, whose every use is in CloudTrail; no key policy to keep and
   * no KMS grants on the roles (a customer managed key would need both).
   */
  readonly encryption: 'aws-owned' | 'aws-managed';
}

export interface EnvironmentConfig {
  readonly name: EnvironmentName;
  /** Prefix of every resource name: lowercase letters, digits and dashes, 3-30 characters. */
  readonly namePrefix: string;
  readonly region: string;
  /** Lambda architecture; `local` must be x86_64 (the emulator machine runs the zip). */
  readonly architecture: Architecture;
  /** CloudWatch Logs retention, one of CloudWatch's allowed values. */
  readonly logRetentionDays: number;
  readonly logLevel: LogLevel;
  /** Optional email subscribed to the alarm topic. */
  readonly alarmEmail?: string;
  /** Each pipeline's rejected-share alarm fires above this percentage of its objects (1-100). */
  readonly rejectedShareAlarmPercent: number;
  /** The object catalog table's protections. */
  readonly catalog: CatalogConfig;
  /** The S3 Batch Operations job role (off by default). */
  readonly batchOperations: BatchOperationsConfig;
  /** Optional KMS key for bucket encryption; S3-managed keys (SSE-S3) when absent. */
  readonly bucketKmsKeyArn?: string;
  /** Let terraform delete non-empty buckets (true only for throwaway environments). */
  readonly forceDestroyBuckets: boolean;
  readonly lifecycle: LifecycleConfig;
  readonly backend: BackendConfig;
  /** One entry per registered pipeline, typed by its module (src/pipelines/registry.ts). */
  readonly pipelines: PipelinesConfig;
  readonly tags: Readonly<Record<string, string>>;
}
