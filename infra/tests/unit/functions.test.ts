import { ENVIRONMENTS, PIPELINE_NAMES, PIPELINES } from '../../src/config/index.js';
import type { Pipeline } from '../../src/pipelines/kit/define.js';
import { requireConfigOf } from '../../src/pipelines/registry.js';
import { contractVariables } from '../support/contract.js';
import {
  ALL_ENVIRONMENTS,
  ref,
  resourcesOf,
  synthJson,
  type Block,
  type SynthesizedJson,
} from '../support/synthesized.js';

const stacks = synthJson();

function functionOf(json: SynthesizedJson, name: string): [string, Block] {
  const match = resourcesOf(json, 'aws_lambda_function').find(([, f]) => f['function_name'] === name);
  if (!match) throw new Error(`no function ${name}`);
  return match;
}

function variablesOf(fn: Block): Record<string, string> {
  return (fn['environment'] as { variables: Record<string, string> }).variables;
}

describe.each(ALL_ENVIRONMENTS)('functions of the %s stack', (environment) => {
  const json = stacks.get(environment)!;
  const config = ENVIRONMENTS[environment];

  it('declares exactly one function per registered pipeline', () => {
    expect(
      resourcesOf(json, 'aws_lambda_function')
        .map(([, f]) => f['function_name'])
        .sort(),
    ).toEqual(PIPELINE_NAMES.map((p) => `${config.namePrefix}-${p}`).sort());
  });

  describe.each(PIPELINES.map((p): [string, Pipeline] => [p.name, p]))('%s', (pipeline, module) => {
    const name = `${config.namePrefix}-${pipeline}`;
    const [id, fn] = functionOf(json, name);
    const settings = requireConfigOf(config.pipelines, module).function;

    it('runs the built zip on nodejs22.x with the configured size, architecture and tracing', () => {
      expect(fn).toMatchObject({
        runtime: 'nodejs22.x',
        handler: 'index.handler',
        architectures: [environment === 'local' ? 'x86_64' : 'arm64'],
        memory_size: settings.memoryMb,
        timeout: settings.timeoutSeconds,
        reserved_concurrent_executions: settings.reservedConcurrency,
        tracing_config: { mode: 'Active' },
      });
      expect(fn['filename']).toMatch(new RegExp(`^assets/.+/${pipeline}-${config.architecture}\\.zip$`));
      expect(fn['source_code_hash']).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(fn['ephemeral_storage']).toEqual(
        settings.ephemeralStorageMb === undefined ? undefined : { size: settings.ephemeralStorageMb },
      );
    });

    it("sets exactly the environment variables of its module's contract", () => {
      expect(Object.keys(variablesOf(fn)).sort()).toEqual(contractVariables(module, config).sort());
      expect(variablesOf(fn)).toMatchObject({
        LOG_LEVEL: config.logLevel,
        POWERTOOLS_SERVICE_NAME: name,
        PIPELINE_ENVIRONMENT: config.name,
        SOURCE_PREFIX: `${requireConfigOf(config.pipelines, module).source.prefix}/`,
      });
    });

    it('has its own log group with the environment retention, created before the function', () => {
      const groups = resourcesOf(json, 'aws_cloudwatch_log_group').filter(
        ([, g]) => g['name'] === `/aws/lambda/${name}`,
      );
      expect(groups).toHaveLength(1);
      expect(groups[0]![1]['retention_in_days']).toBe(config.logRetentionDays);
      expect(fn['depends_on']).toContain(`aws_cloudwatch_log_group.${groups[0]![0]}`);
    });

    it('sends failed async events to its own encrypted queue after the configured retries', () => {
      const configs = resourcesOf(json, 'aws_lambda_function_event_invoke_config').filter(
        ([, c]) => c['function_name'] === ref('aws_lambda_function', id, 'function_name'),
      );
      expect(configs).toHaveLength(1);
      const invoke = configs[0]![1];
      expect(invoke).toMatchObject({
        maximum_retry_attempts: settings.maximumRetryAttempts,
        maximum_event_age_in_seconds: settings.maximumEventAgeSeconds,
      });
      const destination = String(
        (invoke['destination_config'] as { on_failure: { destination: string } }).on_failure.destination,
      );
      const queueId = /^\$\{aws_sqs_queue\.([^.]+)\.arn\}$/.exec(destination)?.[1];
      const queue = json.resource['aws_sqs_queue']?.[queueId ?? ''];
      expect(queue).toMatchObject({
        name: `${name}-failures`,
        sqs_managed_sse_enabled: true,
        message_retention_seconds: 1_209_600,
      });
    });

    it('carries four alarms to the alarm topic: errors, throttles, p99 duration at 80% of the timeout, failure-queue depth', () => {
      const alarms = resourcesOf(json, 'aws_cloudwatch_metric_alarm').filter(
        ([, a]) => String(a['alarm_name']).startsWith(`${name}-`) && a['metric_name'] !== undefined,
      );
      const byMetric = Object.fromEntries(alarms.map(([, a]) => [String(a['metric_name']), a]));
      expect(Object.keys(byMetric).sort()).toEqual([
        'ApproximateNumberOfMessagesVisible',
        'Duration',
        'Errors',
        'Throttles',
      ]);
      expect(byMetric['Errors']).toMatchObject({
        threshold: 0,
        comparison_operator: 'GreaterThanThreshold',
        statistic: 'Sum',
        dimensions: { FunctionName: name },
      });
      expect(byMetric['Throttles']).toMatchObject({
        threshold: 0,
        comparison_operator: 'GreaterThanThreshold',
      });
      expect(byMetric['Duration']).toMatchObject({
        extended_statistic: 'p99',
        threshold: settings.timeoutSeconds * 1000 * 0.8,
      });
      expect(byMetric['ApproximateNumberOfMessagesVisible']).toMatchObject({
        namespace: 'AWS/SQS',
        threshold: 0,
      });
      const topicId = resourcesOf(json, 'aws_sns_topic')[0]![0];
      for (const [, alarm] of alarms)
        expect(alarm['alarm_actions']).toEqual([ref('aws_sns_topic', topicId, 'arn')]);
    });

    it('runs under its own role', () => {
      const roles = resourcesOf(json, 'aws_iam_role').filter(([, r]) => r['name'] === `${name}-role`);
      expect(roles).toHaveLength(1);
      expect(fn['role']).toBe(ref('aws_iam_role', roles[0]![0], 'arn'));
    });
  });

  it('hands the etl function its datasets as JSON in the shape the etl app parses', () => {
    const datasets = JSON.parse(
      variablesOf(functionOf(json, `${config.namePrefix}-etl`)[1])['DATASETS']!,
    ) as Block[];
    expect(datasets).toEqual([
      {
        name: 'orders',
        prefix: 'raw/orders/',
        schema: {
          columns: [
            { name: 'id', type: 'int', required: true },
            { name: 'customer', type: 'string', required: true },
            { name: 'amount', type: 'decimal', required: true, precision: 12, scale: 2 },
            { name: 'ordered_at', type: 'timestamp', required: true },
            { name: 'shipped', type: 'bool', required: true },
            { name: 'note', type: 'string', required: false },
          ],
        },
      },
      { name: 'events', prefix: 'raw/events/' },
    ]);
  });

  it('points every function at the processed bucket and its own output folders', () => {
    const processedId = resourcesOf(json, 'aws_s3_bucket').find(([, b]) =>
      String(b['bucket']).endsWith('-processed'),
    )![0];
    const { copy, resize, etl } = config.pipelines;
    expect(variablesOf(functionOf(json, `${config.namePrefix}-copy`)[1])).toMatchObject({
      DESTINATION_BUCKET: ref('aws_s3_bucket', processedId, 'bucket'),
      DESTINATION_PREFIX: copy.destination.prefix,
      REJECTED_PREFIX: copy.rejected.prefix,
      DESTINATION_SSE: 'AES256',
    });
    expect(variablesOf(functionOf(json, `${config.namePrefix}-resize`)[1])).toMatchObject({
      OUTPUT_PREFIX: resize.output.prefix,
      REJECTED_PREFIX: resize.rejected.prefix,
      VARIANTS: 'thumbnail,mobile,tablet,web',
    });
    expect(variablesOf(functionOf(json, `${config.namePrefix}-etl`)[1])).toMatchObject({
      CURATED_PREFIX: etl.curated.prefix,
      REJECTED_PREFIX: etl.rejected.prefix,
    });
  });
});
