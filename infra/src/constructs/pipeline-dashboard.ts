/**
 * One CloudWatch dashboard per stack: a row per pipeline with its invocations, errors and throttles,
 * p99 duration against the timeout, its objects by outcome kind, and its failure-queue depth.
 */
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard/index.js';
import { Construct } from 'constructs';
import { OBJECT_METRICS, OUTCOME_METRICS_NAMESPACE, outcomeDimensions } from './outcome-metrics.js';

/** What the dashboard shows of one pipeline. */
interface DashboardPipeline {
  readonly pipeline: string;
  readonly functionName: string;
  readonly failureQueueName: string;
  readonly timeoutSeconds: number;
}

export interface PipelineDashboardProps {
  readonly dashboardName: string;
  readonly region: string;
  readonly environment: string;
  readonly pipelines: readonly DashboardPipeline[];
  /** @default 300 */
  readonly periodSeconds?: number;
}

type Metric = readonly (string | { readonly stat?: string; readonly label?: string })[];

interface Widget {
  readonly type: 'metric';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

const WIDTH = 6;
const HEIGHT = 6;

function widget(
  title: string,
  metrics: readonly Metric[],
  extra: Record<string, unknown>,
  props: PipelineDashboardProps,
) {
  return {
    title,
    region: props.region,
    view: 'timeSeries',
    stacked: false,
    period: props.periodSeconds ?? 300,
    metrics,
    ...extra,
  };
}

/** The four widgets of one pipeline's row. */
function pipelineRow(p: DashboardPipeline, row: number, props: PipelineDashboardProps): Widget[] {
  const fn = ['FunctionName', p.functionName];
  const dims = Object.entries(outcomeDimensions(p.functionName, p.pipeline, props.environment)).flat();
  const bodies = [
    widget(
      `${p.pipeline}: invocations, errors, throttles`,
      [
        ['AWS/Lambda', 'Invocations', ...fn, { stat: 'Sum' }],
        ['AWS/Lambda', 'Errors', ...fn, { stat: 'Sum' }],
        ['AWS/Lambda', 'Throttles', ...fn, { stat: 'Sum' }],
      ],
      {},
      props,
    ),
    widget(
      `${p.pipeline}: p99 duration (ms) against the timeout`,
      [['AWS/Lambda', 'Duration', ...fn, { stat: 'p99' }]],
      {
        annotations: {
          horizontal: [
            { label: 'timeout', value: p.timeoutSeconds * 1000 },
            { label: '80% of the timeout (alarm)', value: p.timeoutSeconds * 800 },
          ],
        },
      },
      props,
    ),
    widget(
      `${p.pipeline}: objects by outcome`,
      OBJECT_METRICS.map((name) => [OUTCOME_METRICS_NAMESPACE, name, ...dims, { stat: 'Sum' }]),
      { stacked: true },
      props,
    ),
    widget(
      `${p.pipeline}: failure-queue depth`,
      [
        [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          p.failureQueueName,
          { stat: 'Maximum' },
        ],
      ],
      {},
      props,
    ),
  ];
  return bodies.map((properties, column) => ({
    type: 'metric',
    x: column * WIDTH,
    y: row * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    properties,
  }));
}

export class PipelineDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;
  /** The dashboard body, as written (tests read it without parsing terraform). */
  readonly body: { readonly widgets: readonly Widget[] };

  constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    this.body = { widgets: props.pipelines.flatMap((p, row) => pipelineRow(p, row, props)) };
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: props.dashboardName,
      dashboardBody: JSON.stringify(this.body),
    });
  }
}
