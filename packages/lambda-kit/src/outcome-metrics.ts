/**
 * CloudWatch metrics from the outcome records, through Powertools' embedded metric format: the
 * same record that is logged and returned is what gets counted, so metrics and logs cannot disagree.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { optionalString, type Env } from './env.js';
import type { ObjectOutcome, OutcomeKind } from './outcome.js';
import { bytesWritten } from './outcome.js';

/** The namespace every pipeline publishes to, unless `POWERTOOLS_METRICS_NAMESPACE` says otherwise. */
export const DEFAULT_METRICS_NAMESPACE = 'S3Pipelines';

/** The metric counting objects of each outcome kind (`ObjectsWritten`, `ObjectsRejected`, ...). */
export function objectsMetricName(kind: OutcomeKind): string {
  return `Objects${kind[0]?.toUpperCase()}${kind.slice(1)}`;
}

/** A pipeline measure's metric name: `rowsRead` -> `RowsRead`. */
export function measureMetricName(measure: string): string {
  return `${measure[0]?.toUpperCase() ?? ''}${measure.slice(1)}`;
}

export interface OutcomeMetrics {
  /** Counts one object's outcome: its kind, bytes in and out, and every measure it carries. */
  record(outcome: ObjectOutcome): void;
  /** Counts a cold start (once per container) and writes the invocation's metrics as one EMF line. */
  publish(): void;
}

/**
 * The metrics of one pipeline's function, with the dimensions `service`, `pipeline` and
 * `environment` (`PIPELINE_ENVIRONMENT`, set by infra). Metric names: `ObjectsWritten`,
 * `ObjectsRejected`, `ObjectsSkipped`, `ObjectsSuperseded`, `ObjectsFailed`, `ObjectsRemoved`, `BytesIn`, `BytesOut`,
 * one per measure (`RowsRead`, `VariantsWritten`, ...), and Powertools' `ColdStart`.
 *
 * @example const metrics = createOutcomeMetrics('resize', process.env); metrics.record(outcome); metrics.publish();
 */
export function createOutcomeMetrics(pipeline: string, env: Env): OutcomeMetrics {
  const metrics = new Metrics({
    namespace: optionalString('POWERTOOLS_METRICS_NAMESPACE', DEFAULT_METRICS_NAMESPACE, env),
    serviceName: optionalString('POWERTOOLS_SERVICE_NAME', pipeline, env),
    defaultDimensions: { pipeline, environment: optionalString('PIPELINE_ENVIRONMENT', 'unknown', env) },
  });
  let recorded = false;
  return {
    record(outcome) {
      recorded = true;
      metrics.addMetric(objectsMetricName(outcome.kind), MetricUnit.Count, 1);
      if (outcome.source.size !== undefined)
        metrics.addMetric('BytesIn', MetricUnit.Bytes, outcome.source.size);
      metrics.addMetric('BytesOut', MetricUnit.Bytes, bytesWritten(outcome));
      for (const [name, value] of Object.entries(outcome.measures ?? {}))
        metrics.addMetric(measureMetricName(name), MetricUnit.Count, value);
    },
    publish() {
      metrics.captureColdStartMetric();
      if (recorded) metrics.publishStoredMetrics();
      recorded = false;
    },
  };
}
