/**
 * Where each pipeline reads (its trigger) and writes, and the overlap rule that keeps every
 * function from triggering itself or another pipeline. Every registered pipeline is checked.
 */
import { InfraConfigError } from '../errors.js';
import {
  outputLocations as pipelineOutputs,
  sourceLocation,
  type NamedLocation,
} from '../pipelines/kit/locations.js';
import { PIPELINES, requireConfigOf, type PipelineRegistry } from '../pipelines/registry.js';
import type { PipelinesConfig, S3Location } from './types.js';

export type { NamedLocation } from '../pipelines/kit/locations.js';

export function triggerLocations(
  pipelines: PipelinesConfig,
  registry: PipelineRegistry = PIPELINES,
): NamedLocation[] {
  return registry.map((pipeline) => sourceLocation(pipeline, requireConfigOf(pipelines, pipeline)));
}

export function outputLocations(
  pipelines: PipelinesConfig,
  registry: PipelineRegistry = PIPELINES,
): NamedLocation[] {
  return registry.flatMap((pipeline) => pipelineOutputs(pipeline, requireConfigOf(pipelines, pipeline)));
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
export function checkNoOverlaps(
  prefix: string,
  pipelines: PipelinesConfig,
  registry: PipelineRegistry = PIPELINES,
): void {
  const triggers = triggerLocations(pipelines, registry);
  const outputs = outputLocations(pipelines, registry);
  for (const trigger of triggers) {
    for (const output of outputs) {
      if (locationsOverlap(trigger.location, output.location)) {
        const loop =
          trigger.pipeline === output.pipeline
            ? `the ${trigger.pipeline} function would trigger itself`
            : `${output.pipeline} output would trigger ${trigger.pipeline}`;
        throw new InfraConfigError(
          `${prefix}${trigger.field}.prefix`,
          `a location that does not overlap ${output.field} ${describeLocation(output.location)} (${loop})`,
          describeLocation(trigger.location),
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
        throw new InfraConfigError(
          `${prefix}${b.field}.prefix`,
          `a location that does not overlap ${a.field} ${describeLocation(a.location)} (${why})`,
          describeLocation(b.location),
        );
      }
    }
  });
}

function describeLocation(location: S3Location): string {
  return `${location.bucket}:${location.prefix}/`;
}
