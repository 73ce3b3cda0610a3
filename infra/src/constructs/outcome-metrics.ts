/**
 * The CloudWatch metrics the functions publish from their outcome records (lambda-kit's
 * createOutcomeMetrics, through Powertools EMF): infra reads no app source, so the names are
 * listed here, and tests/unit/dashboard.test.ts holds them equal to lambda-kit's.
 */

export const OUTCOME_METRICS_NAMESPACE = 'S3Pipelines';

/** One metric per outcome kind. */
export const OBJECT_METRICS = [
  'ObjectsWritten',
  'ObjectsRejected',
  'ObjectsSkipped',
  'ObjectsSuperseded',
  'ObjectsFailed',
  'ObjectsRemoved',
] as const;

/** The metrics of objects an upload made (a removed source is no input that could be rejected). */
export const INPUT_OBJECT_METRICS = OBJECT_METRICS.filter((name) => name !== 'ObjectsRemoved');

/** The dimensions every outcome metric carries. */
export function outcomeDimensions(
  functionName: string,
  pipeline: string,
  environment: string,
): Record<'service' | 'pipeline' | 'environment', string> {
  return { service: functionName, pipeline, environment };
}
