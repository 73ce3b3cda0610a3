import { StorageClass } from '@aws-sdk/client-s3';
import {
  bucketName,
  ConfigError,
  keyPrefix,
  maybeString,
  optionalOneOf,
  positiveInt,
  type Env,
  type PipelineConfigBase,
} from '@pipeline/lambda-kit';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** S3 limits: CopyObject copies at most 5 GiB; parts are 5 MiB..5 GiB (the last may be smaller). */
export const S3_LIMITS = Object.freeze({
  maxSingleCopyBytes: 5 * GiB,
  minPartBytes: 5 * MiB,
  maxPartBytes: 5 * GiB,
  maxParts: 10_000,
});

const SSE_MODES = ['AES256', 'aws:kms'] as const;
type SseMode = (typeof SSE_MODES)[number];

/** Everything the copy function reads from its environment, validated once at cold start. */
export interface CopyConfig extends PipelineConfigBase {
  /** Folder-normalized (`''` or ending in `/`). */
  readonly sourcePrefix: string;
  readonly destinationPrefix: string;
  /** Where rejection records go in the destination bucket; never `''`. */
  readonly rejectedPrefix: string;
  /** Objects up to this size use CopyObject; larger ones multipart copy. */
  readonly multipartThresholdBytes: number;
  readonly partSizeBytes: number;
  /** UploadPartCopy requests in flight per object. */
  readonly partConcurrency: number;
  readonly storageClass?: StorageClass;
  readonly sse?: SseMode;
  readonly kmsKeyId?: string;
}

function withinRange(name: string, value: number, min: number, max: number): number {
  if (value < min || value > max) throw new ConfigError(name, `an integer from ${min} to ${max}`, value);
  return value;
}

function encryption(env: Env): Pick<CopyConfig, 'sse' | 'kmsKeyId'> {
  const sse = optionalOneOf('DESTINATION_SSE', SSE_MODES, env);
  const kmsKeyId = maybeString('DESTINATION_KMS_KEY_ID', env);
  if (kmsKeyId !== undefined && sse !== 'aws:kms')
    throw new ConfigError('DESTINATION_KMS_KEY_ID', 'no key unless DESTINATION_SSE is aws:kms', kmsKeyId);
  return { sse, kmsKeyId };
}

function rejectedPrefix(env: Env): string {
  const prefix = keyPrefix('REJECTED_PREFIX', 'rejected', env);
  if (prefix === '')
    throw new ConfigError(
      'REJECTED_PREFIX',
      'a non-empty prefix (rejection records need their own folder)',
      env['REJECTED_PREFIX'],
    );
  return prefix;
}

/**
 * Reads and validates every variable (see README); the result is frozen.
 *
 * @throws {ConfigError} naming the first missing or malformed variable.
 */
export function loadConfig(env: Env = process.env): CopyConfig {
  const destinationPrefix = keyPrefix('DESTINATION_PREFIX', '', env);
  const rejected = rejectedPrefix(env);
  const config: CopyConfig = {
    destinationBucket: bucketName('DESTINATION_BUCKET', env),
    sourcePrefix: keyPrefix('SOURCE_PREFIX', '', env),
    destinationPrefix,
    rejectedPrefix: rejected,
    ownPrefixes: [destinationPrefix, rejected],
    multipartThresholdBytes: withinRange(
      'MULTIPART_THRESHOLD_BYTES',
      positiveInt('MULTIPART_THRESHOLD_BYTES', 256 * MiB, env),
      1,
      S3_LIMITS.maxSingleCopyBytes,
    ),
    partSizeBytes: withinRange(
      'MULTIPART_PART_SIZE_BYTES',
      positiveInt('MULTIPART_PART_SIZE_BYTES', 64 * MiB, env),
      S3_LIMITS.minPartBytes,
      S3_LIMITS.maxPartBytes,
    ),
    partConcurrency: withinRange(
      'COPY_PART_CONCURRENCY',
      positiveInt('COPY_PART_CONCURRENCY', 8, env),
      1,
      64,
    ),
    storageClass: optionalOneOf('DESTINATION_STORAGE_CLASS', Object.values(StorageClass), env),
    ...encryption(env),
  };
  return Object.freeze(config);
}
