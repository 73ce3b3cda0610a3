import { DEFAULT_METRICS_NAMESPACE, objectsMetricName, OUTCOME_KINDS } from '@pipeline/lambda-kit';
import { OBJECT_METRICS, OUTCOME_METRICS_NAMESPACE } from '../../src/constructs/outcome-metrics.js';
import { loadEnvironment } from '../../src/config/index.js';
import { PIPELINES, requireConfigOf } from '../../src/pipelines/registry.js';
import { ALL_ENVIRONMENTS, resourcesOf, synthJson, type Block } from '../support/synthesized.js';

const stacks = synthJson();

describe('the metric names infra reads', () => {
  it('are the ones lambda-kit publishes from the outcome records', () => {
    expect(OUTCOME_METRICS_NAMESPACE).toBe(DEFAULT_METRICS_NAMESPACE);
    expect(OBJECT_METRICS).toEqual(OUTCOME_KINDS.map(objectsMetricName));
  });
});

describe.each(ALL_ENVIRONMENTS)('the %s stack', (environment) => {
  const json = stacks.get(environment)!;
  const config = loadEnvironment(environment);

  describe('its dashboard', () => {
    const dashboards = resourcesOf(json, 'aws_cloudwatch_dashboard');
    const body = JSON.parse(String(dashboards[0]?.[1]['dashboard_body'])) as {
      widgets: {
        properties: {
          title: string;
          metrics: unknown[][];
          annotations?: { horizontal: { value: number }[] };
        };
      }[];
    };
    const titles = body.widgets.map((w) => w.properties.title);

    it('is one per stack, named after it', () => {
      expect(dashboards).toHaveLength(1);
      expect(dashboards[0]![1]['dashboard_name']).toBe(`${config.namePrefix}-pipelines`);
    });

    it.each(PIPELINES.map((p) => [p.name, p] as const))(
      'shows %s: invocations, errors, throttles, p99 against the timeout, outcomes, failure queue',
      (name, pipeline) => {
        const fn = `${config.namePrefix}-${name}`;
        const widgetOf = (prefix: string) =>
          body.widgets.find((w) => w.properties.title.startsWith(`${name}: ${prefix}`))!;
        expect(titles.filter((t) => t.startsWith(`${name}:`))).toHaveLength(4);
        expect(widgetOf('invocations').properties.metrics.map((m) => m[1])).toEqual([
          'Invocations',
          'Errors',
          'Throttles',
        ]);
        expect(widgetOf('invocations').properties.metrics[0]).toEqual(
          expect.arrayContaining(['AWS/Lambda', 'FunctionName', fn]),
        );
        const timeoutMs = requireConfigOf(config.pipelines, pipeline).function.timeoutSeconds * 1000;
        const duration = widgetOf('p99 duration');
        expect(duration.properties.metrics[0]).toEqual(expect.arrayContaining(['Duration', { stat: 'p99' }]));
        expect(duration.properties.annotations?.horizontal.map((h) => h.value)).toEqual([
          timeoutMs,
          timeoutMs * 0.8,
        ]);
        const outcomes = widgetOf('objects by outcome').properties.metrics;
        expect(outcomes.map((m) => m[1])).toEqual([...OBJECT_METRICS]);
        expect(outcomes[0]).toEqual(
          expect.arrayContaining([
            'S3Pipelines',
            'service',
            fn,
            'pipeline',
            name,
            'environment',
            environment,
          ]),
        );
        expect(widgetOf('failure-queue depth').properties.metrics[0]).toEqual(
          expect.arrayContaining(['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName']),
        );
      },
    );
  });

  describe('its rejected-share alarms', () => {
    const alarms = resourcesOf(json, 'aws_cloudwatch_metric_alarm').filter(([, a]) =>
      String(a['alarm_name']).endsWith('-rejected-share'),
    );

    it('are one per pipeline, over the configured percentage, to the alarm topic', () => {
      expect(alarms.map(([, a]) => a['alarm_name']).sort()).toEqual(
        PIPELINES.map((p) => `${config.namePrefix}-${p.name}-rejected-share`).sort(),
      );
      const topicId = resourcesOf(json, 'aws_sns_topic')[0]![0];
      for (const [, alarm] of alarms) {
        expect(alarm).toMatchObject({
          threshold: config.rejectedShareAlarmPercent,
          comparison_operator: 'GreaterThanThreshold',
          treat_missing_data: 'notBreaching',
          alarm_actions: [`\${aws_sns_topic.${topicId}.arn}`],
        });
      }
    });

    it('compute the rejected share of every input handled (removals are none), from the outcome metrics', () => {
      const [, alarm] = alarms.find(([, a]) => String(a['alarm_name']).includes('-resize-'))!;
      const queries = alarm['metric_query'] as Block[];
      const metrics = queries.filter((q) => q['metric'] !== undefined);
      expect(metrics.map((q) => (q['metric'] as Block)['metric_name'])).toEqual(
        OBJECT_METRICS.filter((name) => name !== 'ObjectsRemoved'),
      );
      expect((metrics[0]!['metric'] as Block)['dimensions']).toEqual({
        service: `${config.namePrefix}-resize`,
        pipeline: 'resize',
        environment,
      });
      const share = queries.find((q) => q['id'] === 'share')!;
      expect(share).toMatchObject({ return_data: true });
      expect(share['expression']).toBe(
        '100 * FILL(m1, 0) / (FILL(m0, 0) + FILL(m1, 0) + FILL(m2, 0) + FILL(m3, 0) + FILL(m4, 0))',
      );
    });
  });
});

describe('the rejected-share threshold', () => {
  it('is validated like every setting', () => {
    expect(() => loadEnvironment('dev', { rejectedShareAlarmPercent: 0 })).toThrow(
      /^Expected .+ for environments\.dev\.rejectedShareAlarmPercent but received 0$/,
    );
  });
});
