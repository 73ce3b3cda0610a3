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

/** One alarm: a metric, its dimensions and the threshold it must stay at or below. */
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
    const specs = [...functionAlarmSpecs(props), failureQueueAlarmSpec(props)];
    this.alarms = specs.map((spec) => this.alarm(spec, props));
  }

  /** Notifies the topic when the alarm fires and when it clears; missing data is not breaching. */
  private alarm(spec: AlarmSpec, props: FunctionAlarmsProps): CloudwatchMetricAlarm {
    return new CloudwatchMetricAlarm(this, spec.id, {
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
    });
  }
}

/** Errors and throttles above zero, and p99 duration above the fraction of the timeout. */
function functionAlarmSpecs(props: FunctionAlarmsProps): AlarmSpec[] {
  const onFunction = { namespace: 'AWS/Lambda', dimensions: { FunctionName: props.functionName } } as const;
  const fraction = props.durationFraction ?? 0.8;
  const durationMs = Math.round(props.timeoutSeconds * 1000 * fraction);
  return [
    {
      ...onFunction,
      id: 'errors',
      description: 'invocation errors > 0',
      metricName: 'Errors',
      threshold: 0,
      statistic: 'Sum',
    },
    {
      ...onFunction,
      id: 'throttles',
      description: 'throttled invocations > 0',
      metricName: 'Throttles',
      threshold: 0,
      statistic: 'Sum',
    },
    {
      ...onFunction,
      id: 'duration-p99',
      description: `p99 duration > ${durationMs} ms (${Math.round(fraction * 100)}% of the timeout)`,
      metricName: 'Duration',
      threshold: durationMs,
      extendedStatistic: 'p99',
    },
  ];
}

/** Any event waiting in the failure queue: retries are exhausted and nothing else will look at it. */
function failureQueueAlarmSpec(props: FunctionAlarmsProps): AlarmSpec {
  return {
    id: 'failure-queue-depth',
    description: 'events in the failure queue > 0',
    namespace: 'AWS/SQS',
    metricName: 'ApproximateNumberOfMessagesVisible',
    dimensions: { QueueName: props.failureQueueName },
    threshold: 0,
    statistic: 'Maximum',
  };
}
