/**
 * Validates an environment before any construct sees it. Every failure is a InfraConfigError naming
 * the field (`environments.dev.pipelines.copy.function.memoryMb`), so synth stops with a message
 * that says what to fix.
 */
import { InfraConfigError } from '../errors.js';
import { checkIntegerRange, checkOneOf, checkPattern, checkUnique, PREFIX_PATTERN } from './checks.js';
import type { Pipeline } from '../pipelines/kit/define.js';
import { locationAt } from '../pipelines/kit/locations.js';
import { configOf, PIPELINES, requireConfigOf, type PipelineRegistry } from '../pipelines/registry.js';
import { environmentDefaults } from './environments.js';
import { checkNoOverlaps, locationsOverlap, outputLocations, triggerLocations } from './locations.js';
import {
  BUCKET_ROLES,
  ENVIRONMENT_NAMES,
  type EnvironmentConfig,
  type EnvironmentName,
  type FunctionSettings,
  type LifecycleConfig,
  type PipelinesConfig,
} from './types.js';

/** CloudWatch Logs' allowed retention values (days); "never expire" is deliberately not offered. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

function isEnvironmentName(name: string): name is EnvironmentName {
  return (ENVIRONMENT_NAMES as readonly string[]).includes(name);
}

/**
 * Looks up and validates a named environment with the defaults of every pipeline in `registry`;
 * an unknown name is a InfraConfigError on `environment`.
 */
export function loadEnvironment(
  name: string,
  overrides: Partial<EnvironmentConfig> = {},
  registry: PipelineRegistry = PIPELINES,
): EnvironmentConfig {
  if (!isEnvironmentName(name)) {
    throw new InfraConfigError('environment', `one of ${ENVIRONMENT_NAMES.join(', ')}`, name);
  }
  return validateEnvironment({ ...environmentDefaults(name, registry), ...overrides }, registry);
}

/** Returns the configuration deep-frozen, or throws the first InfraConfigError found. */
export function validateEnvironment(
  config: EnvironmentConfig,
  registry: PipelineRegistry = PIPELINES,
): EnvironmentConfig {
  const at = `environments.${String(config.name)}.`;
  checkOneOf(`${at}name`, config.name, ENVIRONMENT_NAMES);
  checkPattern(
    `${at}namePrefix`,
    config.namePrefix,
    /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/,
    'lowercase letters, digits and dashes (3-30 characters)',
  );
  checkPattern(`${at}region`, config.region, /^[a-z]{2}(-[a-z]+)+-[0-9]$/, 'an AWS region such as us-east-1');
  checkOneOf(`${at}architecture`, config.architecture, ['arm64', 'x86_64'] as const);
  if (config.name === 'local' && config.architecture !== 'x86_64') {
    throw new InfraConfigError(
      `${at}architecture`,
      '"x86_64" (the local emulator host runs the deployed zip)',
      config.architecture,
    );
  }
  checkOneOf(`${at}logRetentionDays`, config.logRetentionDays, LOG_RETENTION_DAYS as readonly number[]);
  checkOneOf(`${at}logLevel`, config.logLevel, ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const);
  checkIntegerRange(`${at}rejectedShareAlarmPercent`, config.rejectedShareAlarmPercent, 1, 100);
  if (config.alarmEmail !== undefined)
    checkPattern(`${at}alarmEmail`, config.alarmEmail, /^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an email address');
  if (config.bucketKmsKeyArn !== undefined)
    checkPattern(
      `${at}bucketKmsKeyArn`,
      config.bucketKmsKeyArn,
      /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+$/,
      'a KMS key ARN',
    );
  checkLifecycle(`${at}lifecycle.`, config.lifecycle);
  checkBackend(at, config);
  checkPipelines(`${at}pipelines.`, config.pipelines, registry);
  checkNoOverlaps(at, config.pipelines, registry);
  checkOneOf(`${at}catalog.encryption`, config.catalog.encryption, ['aws-owned', 'aws-managed'] as const);
  checkBatchOperations(`${at}batchOperations.`, config, registry);
  return deepFreeze(structuredClone(config));
}

/** The job folder: a folder of one of the buckets, clear of every trigger (its reports would invoke a pipeline) and output. */
function checkBatchOperations(at: string, config: EnvironmentConfig, registry: PipelineRegistry): void {
  const { enabled, location } = config.batchOperations;
  checkOneOf(`${at}enabled`, enabled, [true, false]);
  checkOneOf(`${at}location.bucket`, location.bucket, BUCKET_ROLES);
  checkPattern(
    `${at}location.prefix`,
    location.prefix,
    PREFIX_PATTERN,
    'a folder such as "batch-operations" (no leading or trailing slash)',
  );
  for (const used of [
    ...triggerLocations(config.pipelines, registry),
    ...outputLocations(config.pipelines, registry),
  ])
    if (locationsOverlap(location, used.location))
      throw new InfraConfigError(
        `${at}location.prefix`,
        `a location that does not overlap ${used.field} ${used.location.bucket}:${used.location.prefix}/ (job manifests and reports stay clear of every trigger and output)`,
        `${location.bucket}:${location.prefix}/`,
      );
}

function checkLifecycle(at: string, lifecycle: LifecycleConfig): void {
  const minimumArchiveDays = lifecycle.archiveStorageClass.endsWith('_IA') ? 30 : 1;
  checkIntegerRange(`${at}archiveAfterDays`, lifecycle.archiveAfterDays, minimumArchiveDays, 3650);
  checkOneOf(`${at}archiveStorageClass`, lifecycle.archiveStorageClass, [
    'STANDARD_IA',
    'ONEZONE_IA',
    'INTELLIGENT_TIERING',
    'GLACIER_IR',
    'GLACIER',
    'DEEP_ARCHIVE',
  ] as const);
  checkIntegerRange(`${at}rejectedExpireDays`, lifecycle.rejectedExpireDays, 1, 3650);
  checkIntegerRange(`${at}noncurrentVersionExpireDays`, lifecycle.noncurrentVersionExpireDays, 1, 3650);
  checkIntegerRange(`${at}abortIncompleteMultipartDays`, lifecycle.abortIncompleteMultipartDays, 1, 365);
}

function checkBackend(at: string, config: EnvironmentConfig): void {
  const expected = config.name === 'local' ? 'local' : 's3';
  if (config.backend.type !== expected) {
    throw new InfraConfigError(
      `${at}backend.type`,
      `"${expected}" in the ${config.name} environment`,
      config.backend.type,
    );
  }
  if (config.backend.type === 'local') {
    checkPattern(
      `${at}backend.path`,
      config.backend.path,
      /\.tfstate$/,
      'a state file path ending in .tfstate',
    );
    return;
  }
  checkPattern(
    `${at}backend.bucket`,
    config.backend.bucket,
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    'an S3 bucket name',
  );
  checkPattern(`${at}backend.key`, config.backend.key, /^[^/].*\.tfstate$/, 'a state key ending in .tfstate');
  checkPattern(
    `${at}backend.region`,
    config.backend.region,
    /^[a-z]{2}(-[a-z]+)+-[0-9]$/,
    'an AWS region such as us-east-1',
  );
}

function checkFunctionSettings(at: string, settings: FunctionSettings): void {
  checkIntegerRange(`${at}memoryMb`, settings.memoryMb, 128, 10240);
  if (settings.ephemeralStorageMb !== undefined)
    checkIntegerRange(`${at}ephemeralStorageMb`, settings.ephemeralStorageMb, 512, 10240);
  checkIntegerRange(`${at}timeoutSeconds`, settings.timeoutSeconds, 1, 900);
  checkIntegerRange(`${at}reservedConcurrency`, settings.reservedConcurrency, 1, 1000);
  checkIntegerRange(`${at}maximumRetryAttempts`, settings.maximumRetryAttempts, 0, 2);
  checkIntegerRange(`${at}maximumEventAgeSeconds`, settings.maximumEventAgeSeconds, 60, 21600);
}

/**
 * Every registered pipeline: its entry exists, its function settings, its locations (bucket and
 * folder), then its module's own checks.
 */
function checkPipelines(at: string, pipelines: PipelinesConfig, registry: PipelineRegistry): void {
  const modules: readonly Pipeline[] = registry;
  checkUnique(
    'pipelines',
    modules.map((pipeline) => pipeline.name),
  );
  for (const pipeline of modules) {
    const config = configOf(pipelines, pipeline);
    if (config === undefined)
      throw new InfraConfigError(`${at}${pipeline.name}`, "the pipeline's configuration", undefined);
    checkFunctionSettings(`${at}${pipeline.name}.function.`, config.function);
    if (config.onSourceRemoved !== undefined)
      checkOneOf(`${at}${pipeline.name}.onSourceRemoved`, config.onSourceRemoved, [
        'remove-outputs',
        'keep',
      ] as const);
    for (const field of ['source', ...pipeline.outputs])
      if (locationAt(config, field) === undefined)
        throw new InfraConfigError(
          `${at}${pipeline.name}.${field}`,
          'a location { bucket, prefix }',
          undefined,
        );
  }
  const scope = at.slice(0, -'pipelines.'.length);
  for (const { field, location } of [
    ...triggerLocations(pipelines, registry),
    ...outputLocations(pipelines, registry),
  ]) {
    checkOneOf(`${scope}${field}.bucket`, location.bucket, BUCKET_ROLES);
    checkPattern(
      `${scope}${field}.prefix`,
      location.prefix,
      PREFIX_PATTERN,
      'a folder such as "incoming" or "images/variants" (no leading or trailing slash)',
    );
  }
  for (const pipeline of modules)
    pipeline.validate(`${at}${pipeline.name}.`, requireConfigOf(pipelines, pipeline));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
