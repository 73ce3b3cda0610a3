/**
 * An alarm on the share of a pipeline's objects that were rejected: a rise means a producer started
 * sending bad files (or a change began refusing good ones), which the error alarms never see,
 * because a rejection is a handled, successful invocation.
 */
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { Construct } from 'constructs';
import { INPUT_OBJECT_METRICS, OUTCOME_METRICS_NAMESPACE, outcomeDimensions } from './outcome-metrics.js';

export interface RejectedShareAlarmProps {
  readonly functionName: string;
  readonly pipeline: string;
  readonly environment: string;
  /** Alarm when more than this percentage of the objects handled in a period were rejected. */
  readonly thresholdPercent: number;
  readonly topicArn: string;
  /** @default 300 */
  readonly periodSeconds?: number;
  /** Consecutive periods over the threshold before it fires. @default 3 */
  readonly evaluationPeriods?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * `m0`..`m4` are the inputs by kind (removals are no inputs); `share` is the rejected percentage (no
 * inputs: no data).
 */
function metricQueries(props: RejectedShareAlarmProps, period: number) {
  const dimensions = outcomeDimensions(props.functionName, props.pipeline, props.environment);
  const metrics = INPUT_OBJECT_METRICS.map((metricName, index) => ({
    id: `m${index}`,
    returnData: false,
    metric: { namespace: OUTCOME_METRICS_NAMESPACE, metricName, dimensions, period, stat: 'Sum' },
  }));
  const ids = metrics.map((m) => `FILL(${m.id}, 0)`);
  const rejected = `FILL(m${INPUT_OBJECT_METRICS.indexOf('ObjectsRejected')}, 0)`;
  return [
    ...metrics,
    {
      id: 'share',
      expression: `100 * ${rejected} / (${ids.join(' + ')})`,
      label: 'rejected share of objects (%)',
      returnData: true,
    },
  ];
}

export class RejectedShareAlarm extends Construct {
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: RejectedShareAlarmProps) {
    super(scope, id);
    const period = props.periodSeconds ?? 300;
    this.alarm = new CloudwatchMetricAlarm(this, 'alarm', {
      alarmName: `${props.functionName}-rejected-share`,
      alarmDescription: `${props.functionName}: more than ${props.thresholdPercent}% of objects rejected`,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: props.thresholdPercent,
      evaluationPeriods: props.evaluationPeriods ?? 3,
      metricQuery: metricQueries(props, period),
      treatMissingData: 'notBreaching',
      alarmActions: [props.topicArn],
      okActions: [props.topicArn],
      tags: props.tags ? { ...props.tags } : undefined,
    });
  }
}
