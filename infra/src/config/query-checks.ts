/**
 * Checks of the query settings: Athena's results folder stays clear of every trigger (a result file
 * would invoke a pipeline), every output and the batch operations job folder, and the workgroup's
 * cutoff is one Athena accepts.
 */
import { InfraConfigError } from '../errors.js';
import type { PipelineRegistry } from '../pipelines/registry.js';
import { checkIntegerRange, checkPattern, PREFIX_PATTERN } from './checks.js';
import { locationsOverlap, outputLocations, triggerLocations } from './locations.js';
import type { EnvironmentConfig, S3Location } from './types.js';

/** Athena's smallest `BytesScannedCutoffPerQuery`: 10 MB. */
const MIN_BYTES_SCANNED_CUTOFF = 10_000_000;

/** Where Athena writes results: always the processed bucket (derived data). */
export function queryResultsLocation(config: EnvironmentConfig): S3Location {
  return { bucket: 'processed', prefix: config.query.resultsPrefix };
}

export function checkQuery(at: string, config: EnvironmentConfig, registry: PipelineRegistry): void {
  const { query } = config;
  checkPattern(
    `${at}resultsPrefix`,
    query.resultsPrefix,
    PREFIX_PATTERN,
    'a folder such as "athena-results" (no leading or trailing slash)',
  );
  checkIntegerRange(`${at}resultsExpireDays`, query.resultsExpireDays, 1, 3650);
  checkIntegerRange(
    `${at}bytesScannedCutoffPerQuery`,
    query.bytesScannedCutoffPerQuery,
    MIN_BYTES_SCANNED_CUTOFF,
    Number.MAX_SAFE_INTEGER,
  );
  const day = /^\d{4}-\d{2}-\d{2}$/.test(query.partitionsFrom)
    ? new Date(`${query.partitionsFrom}T00:00:00Z`)
    : undefined;
  if (
    day === undefined ||
    Number.isNaN(day.getTime()) ||
    day.toISOString().slice(0, 10) !== query.partitionsFrom
  )
    throw new InfraConfigError(`${at}partitionsFrom`, 'a day as yyyy-MM-dd', query.partitionsFrom);
  const results = queryResultsLocation(config);
  const used = [
    ...triggerLocations(config.pipelines, registry),
    ...outputLocations(config.pipelines, registry),
    { field: 'batchOperations.location', location: config.batchOperations.location },
  ];
  for (const { field, location } of used)
    if (locationsOverlap(results, location))
      throw new InfraConfigError(
        `${at}resultsPrefix`,
        `a location that does not overlap ${field} ${location.bucket}:${location.prefix}/ (Athena's results stay clear of every trigger, output and job folder)`,
        `${results.bucket}:${results.prefix}/`,
      );
}
