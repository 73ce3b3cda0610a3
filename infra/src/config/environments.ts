/**
 * The environments this repository deploys. Each is the shared baseline plus a few overrides;
 * every one passes through validateEnvironment before a stack sees it.
 */
import { DEMO_DATASETS } from './datasets.js';
import type { EnvironmentConfig, EnvironmentName, FunctionSettings, PipelinesConfig } from './types.js';

const COPY_FUNCTION: FunctionSettings = {
  memoryMb: 512,
  timeoutSeconds: 300,
  reservedConcurrency: 10,
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 3600,
};
const RESIZE_FUNCTION: FunctionSettings = {
  memoryMb: 1536,
  timeoutSeconds: 60,
  reservedConcurrency: 10,
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 3600,
};
const ETL_FUNCTION: FunctionSettings = {
  // Two vCPUs (Lambda gives one per 1,769 MB): the etl job runs DuckDB on one thread per vCPU, and
  // its throughput target was measured with two (apps/etl README, Bench). Its RSS stays under 512 MB.
  memoryMb: 3584,
  timeoutSeconds: 300,
  reservedConcurrency: 5,
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 3600,
  // The etl job stages the CSV and its outputs in /tmp: about 3.5x the largest uncompressed CSV (apps/etl README).
  ephemeralStorageMb: 4096,
};

/**
 * Bucket/prefix layout (see README "Layout"): all inputs land in the versioned ingest bucket under
 * one prefix per pipeline; every output goes to the processed bucket, which triggers nothing.
 */
export const DEFAULT_PIPELINES: PipelinesConfig = {
  copy: {
    function: COPY_FUNCTION,
    source: { bucket: 'ingest', prefix: 'incoming' },
    destination: { bucket: 'processed', prefix: 'copies' },
    rejected: { bucket: 'processed', prefix: 'copies-rejected' },
    multipartThresholdBytes: 64 * 1024 * 1024,
    multipartPartSizeBytes: 64 * 1024 * 1024,
    destinationStorageClass: 'STANDARD',
  },
  resize: {
    function: RESIZE_FUNCTION,
    source: { bucket: 'ingest', prefix: 'uploads' },
    output: { bucket: 'processed', prefix: 'images/variants' },
    rejected: { bucket: 'processed', prefix: 'images/rejected' },
    variants: ['thumbnail', 'mobile', 'tablet', 'web'],
    maxInputBytes: 50 * 1024 * 1024,
    maxInputPixels: 100_000_000,
  },
  etl: {
    function: ETL_FUNCTION,
    source: { bucket: 'ingest', prefix: 'raw' },
    curated: { bucket: 'processed', prefix: 'etl/curated' },
    rejected: { bucket: 'processed', prefix: 'etl/rejected' },
    datasets: DEMO_DATASETS,
  },
};

const BASELINE: Omit<EnvironmentConfig, 'name' | 'namePrefix' | 'backend'> = {
  region: 'us-east-1',
  architecture: 'arm64',
  logRetentionDays: 30,
  logLevel: 'INFO',
  forceDestroyBuckets: false,
  lifecycle: {
    archiveAfterDays: 30,
    archiveStorageClass: 'GLACIER_IR',
    rejectedExpireDays: 14,
    noncurrentVersionExpireDays: 30,
    abortIncompleteMultipartDays: 1,
  },
  pipelines: DEFAULT_PIPELINES,
  tags: { project: 's3-lambda-pipelines', 'managed-by': 'cdktf' },
};

/** The raw (unvalidated) environment definitions. */
export const ENVIRONMENTS: Readonly<Record<EnvironmentName, EnvironmentConfig>> = {
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
    pipelines: {
      ...DEFAULT_PIPELINES,
      resize: {
        ...DEFAULT_PIPELINES.resize,
        function: { ...RESIZE_FUNCTION, memoryMb: 2048, reservedConcurrency: 50 },
      },
      copy: { ...DEFAULT_PIPELINES.copy, function: { ...COPY_FUNCTION, reservedConcurrency: 50 } },
    },
    backend: {
      type: 's3',
      bucket: 'pipeline-terraform-state-prod',
      key: 'pipelines/prod/terraform.tfstate',
      region: 'us-east-1',
    },
    tags: { ...BASELINE.tags, environment: 'prod' },
  },
};
