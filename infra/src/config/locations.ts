/**
 * Where each pipeline reads (its trigger) and writes, and the overlap rule that keeps
 * every function from triggering itself or another pipeline.
 */
import { ConfigError } from '../errors.js';
import type { PipelineName, PipelinesConfig, S3Location } from './types.js';

export interface NamedLocation {
  /** Dotted config path, e.g. `pipelines.resize.output`. */
  readonly field: string;
  readonly pipeline: PipelineName;
  readonly location: S3Location;
}

export function triggerLocations(pipelines: PipelinesConfig): NamedLocation[] {
  return (['copy', 'resize', 'etl'] as const).map((pipeline) => ({
    field: `pipelines.${pipeline}.source`,
    pipeline,
    location: pipelines[pipeline].source,
  }));
}

export function outputLocations(pipelines: PipelinesConfig): NamedLocation[] {
  const { copy, resize, etl } = pipelines;
  return [
    { field: 'pipelines.copy.destination', pipeline: 'copy', location: copy.destination },
    { field: 'pipelines.copy.rejected', pipeline: 'copy', location: copy.rejected },
    { field: 'pipelines.resize.output', pipeline: 'resize', location: resize.output },
    { field: 'pipelines.resize.rejected', pipeline: 'resize', location: resize.rejected },
    { field: 'pipelines.etl.curated', pipeline: 'etl', location: etl.curated },
    { field: 'pipelines.etl.rejected', pipeline: 'etl', location: etl.rejected },
  ];
}

/** True when one folder contains the other (or they are the same folder) in the same bucket. */
export function locationsOverlap(a: S3Location, b: S3Location): boolean {
  if (a.bucket !== b.bucket) return false;
  const left = `${a.prefix}/`;
  const right = `${b.prefix}/`;
  return left.startsWith(right) || right.startsWith(left);
}

/**
 * Rejects (1) a trigger that overlaps any pipeline's output: its own output would re-trigger the
 * function, and another pipeline's output chains pipelines into a possible loop; (2) two triggers
 * that overlap, which S3 refuses as an ambiguous notification configuration; (3) two outputs that
 * overlap, which would let pipelines overwrite each other.
 */
export function checkNoOverlaps(prefix: string, pipelines: PipelinesConfig): void {
  const triggers = triggerLocations(pipelines);
  const outputs = outputLocations(pipelines);
  for (const trigger of triggers) {
    for (const output of outputs) {
      if (locationsOverlap(trigger.location, output.location)) {
        const loop =
          trigger.pipeline === output.pipeline
            ? `the ${trigger.pipeline} function would trigger itself`
            : `${output.pipeline} output would trigger ${trigger.pipeline}`;
        throw new ConfigError(
          `${prefix}${trigger.field}.prefix`,
          `${describeLocation(trigger.location)} overlaps ${output.field} ${describeLocation(output.location)}: ${loop}`,
        );
      }
    }
  }
  checkPairwiseDisjoint(prefix, triggers, 'S3 rejects overlapping notification filters');
  checkPairwiseDisjoint(prefix, outputs, 'pipelines would overwrite each other');
}

function checkPairwiseDisjoint(prefix: string, locations: readonly NamedLocation[], why: string): void {
  locations.forEach((a, index) => {
    for (const b of locations.slice(index + 1)) {
      if (locationsOverlap(a.location, b.location)) {
        throw new ConfigError(
          `${prefix}${b.field}.prefix`,
          `${describeLocation(b.location)} overlaps ${a.field} ${describeLocation(a.location)}: ${why}`,
        );
      }
    }
  });
}

function describeLocation(location: S3Location): string {
  return `${location.bucket}:${location.prefix}/`;
}
