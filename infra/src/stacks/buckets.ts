/**
 * The two buckets of an environment: `ingest` (primary uploads: versioned, originals archived) and
 * `processed` (derived data). Every pipeline's rejected folder expires after the configured days, and
 * so do Athena's query results.
 */
import type { Construct } from 'constructs';
import type { BucketRole, EnvironmentConfig } from '../config/index.js';
import { SecureBucket, type PrefixExpiration } from '../constructs/secure-bucket.js';
import { rejectedLocation } from '../pipelines/kit/locations.js';
import { bucketNameOf } from '../config/names.js';
import { queryResultsLocation } from '../config/query-checks.js';
import { requireConfigOf, type PipelineRegistry } from '../pipelines/registry.js';
import type { BucketsByRole } from './pipeline-wiring.js';

export function createBuckets(
  scope: Construct,
  config: EnvironmentConfig,
  registry: PipelineRegistry,
  enforceTls: boolean,
): BucketsByRole {
  const { lifecycle } = config;
  const common = {
    kmsKeyArn: config.bucketKmsKeyArn,
    forceDestroy: config.forceDestroyBuckets,
    tags: config.tags,
    enforceTls,
  };
  const ingest = new SecureBucket(scope, 'ingest', {
    ...common,
    bucketName: bucketNameOf(config.namePrefix, 'ingest'),
    // Primary data: uploads cannot be rebuilt, so keep versions and archive originals.
    versioned: true,
    lifecycle: {
      archive: { afterDays: lifecycle.archiveAfterDays, storageClass: lifecycle.archiveStorageClass },
      noncurrentVersionExpireDays: lifecycle.noncurrentVersionExpireDays,
      expirePrefixes: rejectedFolders(config, registry, 'ingest'),
      abortIncompleteMultipartDays: lifecycle.abortIncompleteMultipartDays,
    },
  });
  const processed = new SecureBucket(scope, 'processed', {
    ...common,
    bucketName: bucketNameOf(config.namePrefix, 'processed'),
    lifecycle: {
      // Athena's results are a cache of answers: they expire too.
      expirePrefixes: [
        ...rejectedFolders(config, registry, 'processed'),
        { prefix: queryResultsLocation(config).prefix, days: config.query.resultsExpireDays },
      ],
      abortIncompleteMultipartDays: lifecycle.abortIncompleteMultipartDays,
    },
  });
  return { ingest, processed };
}

/** Every pipeline's rejected folder in `bucket`, with the environment's expiry. */
function rejectedFolders(
  config: EnvironmentConfig,
  registry: PipelineRegistry,
  bucket: BucketRole,
): PrefixExpiration[] {
  return registry
    .map((pipeline) => rejectedLocation(pipeline, requireConfigOf(config.pipelines, pipeline)))
    .filter((location) => location.bucket === bucket)
    .map((location) => ({ prefix: location.prefix, days: config.lifecycle.rejectedExpireDays }));
}
