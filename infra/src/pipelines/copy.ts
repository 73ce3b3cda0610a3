/**
 * The copy pipeline: objects created under `incoming/` in the ingest bucket are copied server-side
 * to `copies/` in the processed bucket, metadata and tags kept (apps/copy).
 */
import { checkIntegerRange, checkOneOf } from '../config/checks.js';
import type { FunctionSettings } from '../config/function-settings.js';
import type { S3Location } from '../config/s3-location.js';
import { definePipelineModule, type PipelineModuleConfig } from './kit/define.js';
import { READ_TAGS_ACTIONS, sourceAndOutputGrants } from './kit/grants.js';

const MIB = 1024 * 1024;

const DESTINATION_STORAGE_CLASSES = ['STANDARD', 'STANDARD_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR'] as const;

export interface CopyPipelineConfig extends PipelineModuleConfig {
  readonly destination: S3Location;
  /** Rejection records of objects that cannot be copied (REJECTED_PREFIX). */
  readonly rejected: S3Location;
  readonly multipartThresholdBytes: number;
  readonly multipartPartSizeBytes: number;
  readonly destinationStorageClass: (typeof DESTINATION_STORAGE_CLASSES)[number];
}

const FUNCTION: FunctionSettings = {
  memoryMb: 512,
  timeoutSeconds: 300,
  reservedConcurrency: 10,
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 3600,
};

export const copyModule = definePipelineModule<'copy', CopyPipelineConfig>({
  name: 'copy',
  defaults: (environment) => ({
    function: environment === 'prod' ? { ...FUNCTION, reservedConcurrency: 50 } : FUNCTION,
    source: { bucket: 'ingest', prefix: 'incoming' },
    destination: { bucket: 'processed', prefix: 'copies' },
    rejected: { bucket: 'processed', prefix: 'copies-rejected' },
    multipartThresholdBytes: 64 * MIB,
    multipartPartSizeBytes: 64 * MIB,
    destinationStorageClass: 'STANDARD',
  }),
  outputs: ['destination', 'rejected'],
  rejected: 'rejected',
  validate(at, config) {
    checkIntegerRange(
      `${at}multipartThresholdBytes`,
      config.multipartThresholdBytes,
      5 * MIB,
      5 * 1024 * MIB,
    );
    checkIntegerRange(`${at}multipartPartSizeBytes`, config.multipartPartSizeBytes, 5 * MIB, 5 * 1024 * MIB);
    checkOneOf(`${at}destinationStorageClass`, config.destinationStorageClass, DESTINATION_STORAGE_CLASSES);
  },
  grants: [
    // Tags travel with the copy: read on the source, written on the outputs.
    ...sourceAndOutputGrants(['destination', 'rejected'], {
      readActions: READ_TAGS_ACTIONS,
      writeActions: ['s3:PutObjectTagging'],
      // A rejection record is cleared once its key is copied; copies themselves are never deleted.
      deletes: ['rejected'],
    }),
    // Whether a destination object is already this source's copy is read from its tags
    // (apps/copy/src/identity.ts, alreadyCopied).
    { sid: 'ReadDestinationTags', objects: ['destination'], actions: ['s3:GetObjectTagging'] },
  ],
  // Copies are backups: they outlive their source unless an environment sets `onSourceRemoved`.
  onSourceRemoved: 'keep',
  environment: (config, context) => ({
    DESTINATION_PREFIX: config.destination.prefix,
    REJECTED_PREFIX: config.rejected.prefix,
    MULTIPART_THRESHOLD_BYTES: String(config.multipartThresholdBytes),
    MULTIPART_PART_SIZE_BYTES: String(config.multipartPartSizeBytes),
    DESTINATION_STORAGE_CLASS: config.destinationStorageClass,
    ...destinationEncryption(context.kmsKeyArn(config.destination.bucket)),
  }),
});

function destinationEncryption(kmsKeyArn: string | undefined): Record<string, string> {
  return kmsKeyArn === undefined
    ? { DESTINATION_SSE: 'AES256' }
    : { DESTINATION_SSE: 'aws:kms', DESTINATION_KMS_KEY_ID: kmsKeyArn };
}
