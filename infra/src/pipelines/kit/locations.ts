/**
 * Reads a module's locations by field name, so validation, the overlap checks and the stack can
 * walk every pipeline's source and outputs without knowing its config type.
 */
import type { S3Location } from '../../config/s3-location.js';
import type { Pipeline, PipelineModuleConfig } from './define.js';

/** One location of one pipeline with its config field (`pipelines.resize.output`). */
export interface NamedLocation {
  /** Dotted config path, e.g. `pipelines.resize.output`. */
  readonly field: string;
  readonly pipeline: string;
  readonly location: S3Location;
}

/** The value of `config[field]` when it looks like a location (its values are validated elsewhere). */
export function locationAt(config: PipelineModuleConfig, field: string): S3Location | undefined {
  const value: unknown = (config as unknown as Readonly<Record<string, unknown>>)[field];
  return typeof value === 'object' && value !== null && 'bucket' in value && 'prefix' in value
    ? (value as S3Location)
    : undefined;
}

/** `config[field]`, which validation has already proven to be a location. */
export function requireLocation(pipeline: Pipeline, config: PipelineModuleConfig, field: string): S3Location {
  const location = locationAt(config, field);
  if (location === undefined)
    throw new Error(`pipelines.${pipeline.name}.${field} holds no location: validate the environment first`);
  return location;
}

/** Where the pipeline's trigger listens. */
export function sourceLocation(pipeline: Pipeline, config: PipelineModuleConfig): NamedLocation {
  return { field: `pipelines.${pipeline.name}.source`, pipeline: pipeline.name, location: config.source };
}

/** Every folder the pipeline writes, in the module's order. */
export function outputLocations(pipeline: Pipeline, config: PipelineModuleConfig): NamedLocation[] {
  return pipeline.outputs.map((field) => ({
    field: `pipelines.${pipeline.name}.${field}`,
    pipeline: pipeline.name,
    location: requireLocation(pipeline, config, field),
  }));
}

/** The folder that holds the pipeline's rejection records. */
export function rejectedLocation(pipeline: Pipeline, config: PipelineModuleConfig): S3Location {
  return requireLocation(pipeline, config, pipeline.rejected);
}
