/**
 * The four alarms every pipeline function carries: errors > 0, throttles > 0, p99 duration above
 * a fraction of the timeout, and any message waiting in its failure queue.
 */
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { Construct } from 'constructs';

export interface FunctionAlarmsProps {
  readonly functionName: string;
  readonly timeoutSeconds: number;
  readonly failureQueueName: string;
  readonly topicArn: string;
  /** Duration alarm threshold as a fraction of the timeout. @default 0.8 */
  readonly durationFraction?: number;
  /** Evaluation period in seconds. @default 300 */
  readonly periodSeconds?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

interface AlarmSpec {
  readonly id: string;
  readonly description: string;
  readonly namespace: 'AWS/Lambda' | 'AWS/SQS';
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly threshold: number;
  readonly statistic?: string;
  readonly extendedStatistic?: string;
}

export class FunctionAlarms extends Construct {
  readonly alarms: readonly CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: FunctionAlarmsProps) {
    super(scope, id);
    const fn = { FunctionName: props.functionName };
    const durationThresholdMs = Math.round(props.timeoutSeconds * 1000 * (props.durationFraction ?? 0.8));
    const specs: AlarmSpec[] = [
      {
        id: 'errors',
        description: 'invocation errors > 0',
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: fn,
        threshold: 0,
        statistic: 'Sum',
      },
      {
        id: 'throttles',
        description: 'throttled invocations > 0',
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        dimensions: fn,
        threshold: 0,
        statistic: 'Sum',
      },
      {
        id: 'duration-p99',
        description: `p99 duration > ${durationThresholdMs} ms (80% of the timeout)`,
        namespace: 'AWS/Lambda',
        metricName: 'Duration',
        dimensions: fn,
        threshold: durationThresholdMs,
        extendedStatistic: 'p99',
      },
      {
        id: 'failure-queue-depth',
        description: 'events in the failure queue > 0',
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: props.failureQueueName },
        threshold: 0,
        statistic: 'Maximum',
      },
    ];
    this.alarms = specs.map(
      (spec) =>
        new CloudwatchMetricAlarm(this, spec.id, {
          alarmName: `${props.functionName}-${spec.id}`,
          alarmDescription: `${props.functionName}: ${spec.description}`,
          namespace: spec.namespace,
          metricName: spec.metricName,
          dimensions: spec.dimensions,
          statistic: spec.statistic,
          extendedStatistic: spec.extendedStatistic,
          comparisonOperator: 'GreaterThanThreshold',
          threshold: spec.threshold,
          period: props.periodSeconds ?? 300,
          evaluationPeriods: 1,
          treatMissingData: 'notBreaching',
          alarmActions: [props.topicArn],
          okActions: [props.topicArn],
          tags: props.tags ? { ...props.tags } : undefined,
        }),
    );
  }
}
