/**
 * The names the stack gives what it deploys, in one place: the stack builds them from here, and so
 * do the operations commands (`pnpm redrive`, `pnpm reprocess`), which find a pipeline's function,
 * failure queue and source bucket in an environment without reading terraform state.
 */
import type { BucketRole } from './types.js';

/** `<namePrefix>-<pipeline>`: the function (and its POWERTOOLS_SERVICE_NAME). */
export function functionNameOf(namePrefix: string, pipeline: string): string {
  return `${namePrefix}-${pipeline}`;
}

/** `<namePrefix>-<role>`: the environment's ingest and processed buckets. */
export function bucketNameOf(namePrefix: string, bucket: BucketRole): string {
  return `${namePrefix}-${bucket}`;
}

/** `<function>-failures`: the function's on-failure destination queue. */
export function failureQueueNameOf(functionName: string): string {
  return `${functionName}-failures`;
}

/** `<namePrefix>-catalog`: the environment's object catalog table (one item per source object and pipeline). */
export function catalogTableNameOf(namePrefix: string): string {
  return `${namePrefix}-catalog`;
}
