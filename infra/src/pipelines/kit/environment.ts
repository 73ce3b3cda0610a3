/**
 * A function's environment: the four variables every app reads, then the module's own contract.
 */
import type { OnSourceRemoved, Pipeline, PipelineModuleConfig, PipelineModuleContext } from './define.js';
import { outputLocations } from './locations.js';

/**
 * Every app reads these (lambda-kit's skeleton: its logger, the `environment` dimension of its
 * metrics, the object catalog it writes, and what a removed source means); a module's
 * `environment` adds the rest of its contract.
 */
export const COMMON_VARIABLES = [
  'DESTINATION_BUCKET',
  'SOURCE_PREFIX',
  'LOG_LEVEL',
  'POWERTOOLS_SERVICE_NAME',
  'PIPELINE_ENVIRONMENT',
  'CATALOG_TABLE',
  'ON_SOURCE_REMOVED',
] as const;

/** What a removed source means for this deployment: the environment's setting, else the module's. */
export function onSourceRemovedOf(pipeline: Pipeline, config: PipelineModuleConfig): OnSourceRemoved {
  return config.onSourceRemoved ?? pipeline.onSourceRemoved ?? 'keep';
}

/** The S3 events the function is subscribed to: creations, and removals where they remove outputs. */
export function triggerEventsOf(pipeline: Pipeline, config: PipelineModuleConfig): string[] {
  const created = pipeline.trigger?.events ?? ['s3:ObjectCreated:*'];
  return onSourceRemovedOf(pipeline, config) === 'remove-outputs'
    ? [...created, 's3:ObjectRemoved:*']
    : [...created];
}

/**
 * Set on every function for the Node.js runtime, not read by the apps: `--enable-source-maps` makes
 * stack traces from the minified bundles name the TypeScript file and line (the zips ship
 * `index.js.map`, sources relative to the repository root).
 */
export const RUNTIME_VARIABLES = { NODE_OPTIONS: '--enable-source-maps' } as const;

/** SOURCE_PREFIX is the key prefix as S3 filters it (`incoming/`), so relative keys never start with `/`. */
export function sourcePrefixValue(config: PipelineModuleConfig): string {
  return `${config.source.prefix}/`;
}

/** Every variable the function is deployed with: the runtime's, the common ones, then the module's. */
export function functionEnvironment(
  pipeline: Pipeline,
  config: PipelineModuleConfig,
  context: PipelineModuleContext,
): Record<string, string> {
  const outputs = outputLocations(pipeline, config).map((o) => o.location);
  const destination = outputs[0];
  if (destination === undefined) throw new Error(`pipeline ${pipeline.name} declares no output`);
  if (outputs.some((output) => output.bucket !== destination.bucket))
    throw new Error(`pipeline ${pipeline.name} writes to two buckets; DESTINATION_BUCKET holds one`);
  return {
    ...RUNTIME_VARIABLES,
    DESTINATION_BUCKET: context.bucketName(destination.bucket),
    SOURCE_PREFIX: sourcePrefixValue(config),
    LOG_LEVEL: context.logLevel,
    POWERTOOLS_SERVICE_NAME: context.functionName,
    PIPELINE_ENVIRONMENT: context.environmentName,
    CATALOG_TABLE: context.catalogTableName,
    ON_SOURCE_REMOVED: onSourceRemovedOf(pipeline, config),
    ...pipeline.environment(config, context),
  };
}
