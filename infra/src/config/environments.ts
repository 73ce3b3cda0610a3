/**
 * The environments this repository deploys. Each is the shared baseline plus a few overrides, and
 * its `pipelines` are the defaults every registered module declares for it; every one passes
 * through validateEnvironment before a stack sees it.
 */
import { PIPELINES, type PipelineRegistry, type PipelinesConfig } from '../pipelines/registry.js';
import type { EnvironmentConfig, EnvironmentName } from './types.js';

type EnvironmentSettings = Omit<EnvironmentConfig, 'pipelines'>;

const BASELINE: Omit<EnvironmentSettings, 'name' | 'namePrefix' | 'backend'> = {
  region: 'us-east-1',
  architecture: 'arm64',
  logRetentionDays: 30,
  logLevel: 'INFO',
  rejectedShareAlarmPercent: 10,
  catalog: { pointInTimeRecovery: false, deletionProtection: false, encryption: 'aws-owned' },
  batchOperations: { enabled: false, location: { bucket: 'processed', prefix: 'batch-operations' } },
  forceDestroyBuckets: false,
  lifecycle: {
    archiveAfterDays: 30,
    archiveStorageClass: 'GLACIER_IR',
    rejectedExpireDays: 14,
    noncurrentVersionExpireDays: 30,
    abortIncompleteMultipartDays: 1,
  },
  tags: { project: 's3-lambda-pipelines', 'managed-by': 'cdktf' },
};

const SETTINGS: Readonly<Record<EnvironmentName, EnvironmentSettings>> = {
  local: {
    ...BASELINE,
    name: 'local',
    namePrefix: 'pipeline-local',
    // The local cloud runs the deployed zip on this x86_64 machine.
    architecture: 'x86_64',
    logRetentionDays: 1,
    logLevel: 'DEBUG',
    forceDestroyBuckets: true,
    lifecycle: { ...BASELINE.lifecycle, rejectedExpireDays: 1, noncurrentVersionExpireDays: 1 },
    backend: { type: 'local', path: 'terraform.local.tfstate' },
    tags: { ...BASELINE.tags, environment: 'local' },
  },
  dev: {
    ...BASELINE,
    name: 'dev',
    namePrefix: 'pipeline-dev',
    logRetentionDays: 14,
    logLevel: 'DEBUG',
    lifecycle: { ...BASELINE.lifecycle, rejectedExpireDays: 7, noncurrentVersionExpireDays: 7 },
    backend: {
      type: 's3',
      bucket: 'pipeline-terraform-state-dev',
      key: 'pipelines/dev/terraform.tfstate',
      region: 'us-east-1',
    },
    tags: { ...BASELINE.tags, environment: 'dev' },
  },
  prod: {
    ...BASELINE,
    name: 'prod',
    namePrefix: 'pipeline-prod',
    logRetentionDays: 90,
    alarmEmail: 'pipeline-alerts@example.com',
    // The catalog is what a web app asks about its uploads: restorable, undeletable, key use audited.
    catalog: { pointInTimeRecovery: true, deletionProtection: true, encryption: 'aws-managed' },
    backend: {
      type: 's3',
      bucket: 'pipeline-terraform-state-prod',
      key: 'pipelines/prod/terraform.tfstate',
      region: 'us-east-1',
    },
    tags: { ...BASELINE.tags, environment: 'prod' },
  },
};

/** Each registered module's defaults for `environment`, keyed by pipeline name. */
function defaultPipelines(
  environment: EnvironmentName,
  registry: PipelineRegistry = PIPELINES,
): PipelinesConfig {
  // fromEntries cannot know the keys; the registry type guarantees one entry per registered module.
  return Object.fromEntries(
    registry.map((pipeline) => [pipeline.name, pipeline.defaults(environment)]),
  ) as unknown as PipelinesConfig;
}

/** The raw (unvalidated) definition of `environment`, with the defaults of every pipeline in `registry`. */
export function environmentDefaults(
  environment: EnvironmentName,
  registry: PipelineRegistry = PIPELINES,
): EnvironmentConfig {
  return { ...SETTINGS[environment], pipelines: defaultPipelines(environment, registry) };
}

/** The raw (unvalidated) environment definitions. */
export const ENVIRONMENTS: Readonly<Record<EnvironmentName, EnvironmentConfig>> = {
  local: environmentDefaults('local'),
  dev: environmentDefaults('dev'),
  prod: environmentDefaults('prod'),
};
