/**
 * Turns a pipeline module into what its function is deployed with: its environment (the common
 * variables plus the module's contract) and its role's S3 statements (the module's grants on this
 * environment's buckets, plus the buckets' KMS keys).
 */
import { BUCKET_ROLES, type BucketRole, type EnvironmentConfig, type S3Location } from '../config/index.js';
import type { PolicyStatement } from '../constructs/policy-document.js';
import type { SecureBucket } from '../constructs/secure-bucket.js';
import type {
  Pipeline,
  PipelineModuleConfig,
  PipelineModuleContext,
  S3Grant,
} from '../pipelines/kit/define.js';
import { functionEnvironment, onSourceRemovedOf } from '../pipelines/kit/environment.js';
import { outputLocations, requireLocation } from '../pipelines/kit/locations.js';
import { functionNameOf, glueDatabaseNameOf } from '../config/names.js';

export type BucketsByRole = Readonly<Record<BucketRole, SecureBucket>>;

export interface PipelineWiring {
  /** `<namePrefix>-<name>`. */
  readonly functionName: string;
  readonly environment: Record<string, string>;
  readonly grants: PolicyStatement[];
}

/** The function name, environment and S3 statements of `pipeline` in `environment`. */
/** The object catalog as a function is wired to it: the table's name (CATALOG_TABLE) and ARN (its grant). */
export interface CatalogTableRef {
  readonly name: string;
  readonly arn: string;
}

export function pipelineWiring(
  pipeline: Pipeline,
  config: PipelineModuleConfig,
  environment: EnvironmentConfig,
  buckets: BucketsByRole,
  catalog: CatalogTableRef,
): PipelineWiring {
  const functionName = functionNameOf(environment.namePrefix, pipeline.name);
  const context: PipelineModuleContext = {
    functionName,
    environmentName: environment.name,
    logLevel: environment.logLevel,
    bucketName: (bucket) => buckets[bucket].bucket.bucket,
    kmsKeyArn: (bucket) => buckets[bucket].kmsKeyArn,
    glue: {
      database: glueDatabaseNameOf(environment.namePrefix),
      partitionsFrom: environment.query.partitionsFrom,
    },
    catalogTableName: catalog.name,
  };
  return {
    functionName,
    environment: functionEnvironment(pipeline, config, context),
    grants: [
      ...s3Statements(pipeline, config, buckets),
      ...removalStatements(pipeline, config, buckets),
      // The skeleton records each outcome with one conditional write (lambda-kit's catalog-write.ts): a
      // PutItem for an S3 event, an UpdateItem for a record without a sequencer (Batch Operations, reprocess).
      {
        sid: 'WriteCatalogItems',
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [catalog.arn],
      },
    ],
  };
}

/**
 * `remove-outputs`: a removed source's outputs are deleted, so DeleteObject on every output folder
 * that the module's own grants do not already cover (copy's copies, when an environment says so).
 */
function removalStatements(
  pipeline: Pipeline,
  config: PipelineModuleConfig,
  buckets: BucketsByRole,
): PolicyStatement[] {
  if (onSourceRemovedOf(pipeline, config) !== 'remove-outputs') return [];
  const deletable = new Set(
    pipeline.grants.flatMap((g) =>
      'objects' in g && g.actions.includes('s3:DeleteObject') ? g.objects : [],
    ),
  );
  const missing = pipeline.outputs.filter((field) => !deletable.has(field));
  if (missing.length === 0) return [];
  const resources = missing
    .map((field) => requireLocation(pipeline, config, field))
    .map((l) => buckets[l.bucket].objectsArn(l.prefix));
  return [{ sid: 'DeleteOutputsOfRemovedSources', actions: ['s3:DeleteObject'], resources }];
}

function s3Statements(
  pipeline: Pipeline,
  config: PipelineModuleConfig,
  buckets: BucketsByRole,
): PolicyStatement[] {
  const locationOf = (field: string) => requireLocation(pipeline, config, field);
  const statements = pipeline.grants.flatMap((grant) => grantStatements(grant, locationOf, buckets));
  const used = [config.source, ...outputLocations(pipeline, config).map((o) => o.location)];
  const keys = [
    ...new Set(used.map((l) => buckets[l.bucket].kmsKeyArn).filter((k): k is string => k !== undefined)),
  ];
  if (keys.length > 0)
    statements.push({
      sid: 'UseBucketKeys',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: keys,
    });
  return statements;
}

function grantStatements(
  grant: S3Grant,
  locationOf: (field: string) => S3Location,
  buckets: BucketsByRole,
): PolicyStatement[] {
  if ('objects' in grant) {
    const resources = grant.objects.map(locationOf).map((l) => buckets[l.bucket].objectsArn(l.prefix));
    return [{ sid: grant.sid, actions: [...grant.actions], resources }];
  }
  return listStatements(grant.sid, grant.list.map(locationOf), buckets);
}

/** `s3:ListBucket` per bucket, limited to the folders listed there (one statement per bucket). */
function listStatements(
  sid: string,
  locations: readonly S3Location[],
  buckets: BucketsByRole,
): PolicyStatement[] {
  const used = BUCKET_ROLES.filter((role) => locations.some((l) => l.bucket === role));
  return used.map((role) => ({
    sid: used.length === 1 ? sid : `${sid}${role.charAt(0).toUpperCase()}${role.slice(1)}`,
    actions: ['s3:ListBucket'],
    resources: [buckets[role].bucket.arn],
    conditions: [
      {
        test: 'StringLike',
        variable: 's3:prefix',
        values: locations.filter((l) => l.bucket === role).map((l) => `${l.prefix}/*`),
      },
    ],
  }));
}
