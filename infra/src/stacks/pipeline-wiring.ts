/**
 * What differs between the three pipelines: their environment variables (the apps' documented
 * contract) and their S3 grants (exactly the folders each reads and writes).
 */
import { serializeDatasets, type EnvironmentConfig, type PipelineName, type S3Location } from '../config/index.js';
import type { PolicyStatement } from '../constructs/policy-document.js';
import type { SecureBucket } from '../constructs/secure-bucket.js';

export type BucketsByRole = Readonly<Record<S3Location['bucket'], SecureBucket>>;

export interface PipelineWiring {
  readonly source: S3Location;
  readonly environment: Record<string, string>;
  readonly grants: PolicyStatement[];
}

const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'];
const READ_WITH_TAGS_ACTIONS = [...READ_ACTIONS, 's3:GetObjectTagging', 's3:GetObjectVersionTagging'];
const WRITE_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'];

/** SOURCE_PREFIX is the key prefix as S3 filters it (`incoming/`), so relative keys never start with `/`. */
export function sourcePrefixValue(location: S3Location): string {
  return `${location.prefix}/`;
}

export function pipelineWiring(pipeline: PipelineName, config: EnvironmentConfig, buckets: BucketsByRole): PipelineWiring {
  const { copy, resize, etl } = config.pipelines;
  switch (pipeline) {
    case 'copy':
      return wire(pipeline, config, buckets, copy.source, [copy.destination], READ_WITH_TAGS_ACTIONS, ['s3:PutObjectTagging'], {
        DESTINATION_PREFIX: copy.destination.prefix,
        MULTIPART_THRESHOLD_BYTES: String(copy.multipartThresholdBytes),
        MULTIPART_PART_SIZE_BYTES: String(copy.multipartPartSizeBytes),
        DESTINATION_STORAGE_CLASS: copy.destinationStorageClass,
        ...destinationEncryption(buckets[copy.destination.bucket]),
      });
    case 'resize':
      return wire(pipeline, config, buckets, resize.source, [resize.output, resize.rejected], READ_ACTIONS, [], {
        OUTPUT_PREFIX: resize.output.prefix,
        REJECTED_PREFIX: resize.rejected.prefix,
        VARIANTS: resize.variants.join(','),
        MAX_INPUT_BYTES: String(resize.maxInputBytes),
        MAX_INPUT_PIXELS: String(resize.maxInputPixels),
      });
    case 'etl':
      return wire(pipeline, config, buckets, etl.source, [etl.curated, etl.rejected], READ_ACTIONS, [], {
        CURATED_PREFIX: etl.curated.prefix,
        REJECTED_PREFIX: etl.rejected.prefix,
        DATASETS: serializeDatasets(etl.datasets, etl.source.prefix),
      });
  }
}

function wire(
  pipeline: PipelineName,
  config: EnvironmentConfig,
  buckets: BucketsByRole,
  source: S3Location,
  outputs: readonly S3Location[],
  readActions: readonly string[],
  extraWriteActions: readonly string[],
  specific: Record<string, string>,
): PipelineWiring {
  const destination = outputs[0];
  if (destination === undefined) throw new Error(`pipeline ${pipeline} declares no output`);
  for (const output of outputs) {
    if (output.bucket !== destination.bucket) throw new Error(`pipeline ${pipeline} writes to two buckets; DESTINATION_BUCKET holds one`);
  }
  const environment = {
    DESTINATION_BUCKET: buckets[destination.bucket].bucket.bucket,
    SOURCE_PREFIX: sourcePrefixValue(source),
    LOG_LEVEL: config.logLevel,
    POWERTOOLS_SERVICE_NAME: `${config.namePrefix}-${pipeline}`,
    ...specific,
  };
  return { source, environment, grants: s3Grants(buckets, source, outputs, readActions, extraWriteActions) };
}

function s3Grants(buckets: BucketsByRole, source: S3Location, outputs: readonly S3Location[], readActions: readonly string[], extraWriteActions: readonly string[]): PolicyStatement[] {
  const destinationBucket = buckets[outputs[0]?.bucket ?? source.bucket];
  const grants: PolicyStatement[] = [
    { sid: 'ReadSourcePrefix', actions: readActions, resources: [buckets[source.bucket].objectsArn(source.prefix)] },
    { sid: 'WriteOutputPrefixes', actions: [...WRITE_ACTIONS, ...extraWriteActions], resources: outputs.map((o) => buckets[o.bucket].objectsArn(o.prefix)) },
    {
      // Lets HEAD on a missing output answer 404 rather than 403, limited to the function's own folders.
      sid: 'ListOutputPrefixes',
      actions: ['s3:ListBucket'],
      resources: [destinationBucket.bucket.arn],
      conditions: [{ test: 'StringLike', variable: 's3:prefix', values: outputs.map((o) => `${o.prefix}/*`) }],
    },
  ];
  const keys = [...new Set([source, ...outputs].map((l) => buckets[l.bucket].kmsKeyArn).filter((k): k is string => k !== undefined))];
  if (keys.length > 0) grants.push({ sid: 'UseBucketKeys', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: keys });
  return grants;
}

function destinationEncryption(bucket: SecureBucket): Record<string, string> {
  return bucket.kmsKeyArn === undefined ? { DESTINATION_SSE: 'AES256' } : { DESTINATION_SSE: 'aws:kms', DESTINATION_KMS_KEY_ID: bucket.kmsKeyArn };
}
