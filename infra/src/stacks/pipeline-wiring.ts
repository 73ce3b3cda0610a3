/**
 * What differs between the three pipelines: their environment variables (the apps' documented
 * contract) and their S3 grants (exactly the folders each reads and writes).
 */
import {
  serializeDatasets,
  type EnvironmentConfig,
  type PipelineName,
  type S3Location,
} from '../config/index.js';
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

/** Per pipeline: where it reads and writes, which read/extra write actions it needs, its own variables. */
interface PipelineShape {
  readonly source: S3Location;
  /** The first output's bucket is DESTINATION_BUCKET; all outputs share it. */
  readonly outputs: readonly S3Location[];
  readonly readActions: readonly string[];
  readonly extraWriteActions: readonly string[];
  readonly variables: Record<string, string>;
}

export function pipelineWiring(
  pipeline: PipelineName,
  config: EnvironmentConfig,
  buckets: BucketsByRole,
): PipelineWiring {
  return wire(pipeline, config, buckets, pipelineShape(pipeline, config, buckets));
}

function pipelineShape(
  pipeline: PipelineName,
  config: EnvironmentConfig,
  buckets: BucketsByRole,
): PipelineShape {
  const { copy, resize, etl } = config.pipelines;
  switch (pipeline) {
    case 'copy':
      return {
        source: copy.source,
        outputs: [copy.destination, copy.rejected],
        readActions: READ_WITH_TAGS_ACTIONS,
        extraWriteActions: ['s3:PutObjectTagging'],
        variables: {
          DESTINATION_PREFIX: copy.destination.prefix,
          REJECTED_PREFIX: copy.rejected.prefix,
          MULTIPART_THRESHOLD_BYTES: String(copy.multipartThresholdBytes),
          MULTIPART_PART_SIZE_BYTES: String(copy.multipartPartSizeBytes),
          DESTINATION_STORAGE_CLASS: copy.destinationStorageClass,
          ...destinationEncryption(buckets[copy.destination.bucket]),
        },
      };
    case 'resize':
      return {
        source: resize.source,
        outputs: [resize.output, resize.rejected],
        readActions: READ_ACTIONS,
        extraWriteActions: [],
        variables: {
          OUTPUT_PREFIX: resize.output.prefix,
          REJECTED_PREFIX: resize.rejected.prefix,
          VARIANTS: resize.variants.join(','),
          MAX_INPUT_BYTES: String(resize.maxInputBytes),
          MAX_INPUT_PIXELS: String(resize.maxInputPixels),
        },
      };
    case 'etl':
      return {
        source: etl.source,
        outputs: [etl.curated, etl.rejected],
        readActions: READ_ACTIONS,
        extraWriteActions: [],
        variables: {
          CURATED_PREFIX: etl.curated.prefix,
          REJECTED_PREFIX: etl.rejected.prefix,
          DATASETS: serializeDatasets(etl.datasets, etl.source.prefix),
        },
      };
  }
}

function wire(
  pipeline: PipelineName,
  config: EnvironmentConfig,
  buckets: BucketsByRole,
  shape: PipelineShape,
): PipelineWiring {
  const destination = shape.outputs[0];
  if (destination === undefined) throw new Error(`pipeline ${pipeline} declares no output`);
  if (shape.outputs.some((output) => output.bucket !== destination.bucket))
    throw new Error(`pipeline ${pipeline} writes to two buckets; DESTINATION_BUCKET holds one`);
  const environment = {
    DESTINATION_BUCKET: buckets[destination.bucket].bucket.bucket,
    SOURCE_PREFIX: sourcePrefixValue(shape.source),
    LOG_LEVEL: config.logLevel,
    POWERTOOLS_SERVICE_NAME: `${config.namePrefix}-${pipeline}`,
    ...shape.variables,
  };
  return { source: shape.source, environment, grants: s3Grants(buckets, shape) };
}

function s3Grants(
  buckets: BucketsByRole,
  { source, outputs, readActions, extraWriteActions }: PipelineShape,
): PolicyStatement[] {
  const destinationBucket = buckets[outputs[0]?.bucket ?? source.bucket];
  const grants: PolicyStatement[] = [
    {
      sid: 'ReadSourcePrefix',
      actions: readActions,
      resources: [buckets[source.bucket].objectsArn(source.prefix)],
    },
    {
      sid: 'WriteOutputPrefixes',
      actions: [...WRITE_ACTIONS, ...extraWriteActions],
      resources: outputs.map((o) => buckets[o.bucket].objectsArn(o.prefix)),
    },
    {
      // Lets HEAD on a missing output answer 404 rather than 403, limited to the function's own folders.
      sid: 'ListOutputPrefixes',
      actions: ['s3:ListBucket'],
      resources: [destinationBucket.bucket.arn],
      conditions: [
        { test: 'StringLike', variable: 's3:prefix', values: outputs.map((o) => `${o.prefix}/*`) },
      ],
    },
  ];
  const keys = [
    ...new Set(
      [source, ...outputs]
        .map((l) => buckets[l.bucket].kmsKeyArn)
        .filter((k): k is string => k !== undefined),
    ),
  ];
  if (keys.length > 0)
    grants.push({ sid: 'UseBucketKeys', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: keys });
  return grants;
}

function destinationEncryption(bucket: SecureBucket): Record<string, string> {
  return bucket.kmsKeyArn === undefined
    ? { DESTINATION_SSE: 'AES256' }
    : { DESTINATION_SSE: 'aws:kms', DESTINATION_KMS_KEY_ID: bucket.kmsKeyArn };
}
