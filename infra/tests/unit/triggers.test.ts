import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { Testing, TerraformStack } from 'cdktf';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ENVIRONMENTS, PIPELINES } from '../../src/config/index.js';
import { requireConfigOf } from '../../src/pipelines/registry.js';
import { S3Trigger } from '../../src/constructs/s3-trigger.js';
import { SecureBucket } from '../../src/constructs/secure-bucket.js';
import {
  ALL_ENVIRONMENTS,
  ref,
  resourcesOf,
  synthJson,
  type Block,
  type SynthesizedJson,
} from '../support/synthesized.js';

const stacks = synthJson();

interface NotificationEntry {
  id: string;
  lambda_function_arn: string;
  events: string[];
  filter_prefix?: string;
}

function entriesOf(notification: Block): NotificationEntry[] {
  return notification['lambda_function'] as NotificationEntry[];
}

function functionIdByName(json: SynthesizedJson, name: string): string {
  return resourcesOf(json, 'aws_lambda_function').find(([, f]) => f['function_name'] === name)![0];
}

describe.each(ALL_ENVIRONMENTS)('S3 triggers of the %s stack', (environment) => {
  const json = stacks.get(environment)!;
  const config = ENVIRONMENTS[environment];
  const notifications = resourcesOf(json, 'aws_s3_bucket_notification');

  it('declares at most one notification resource per bucket', () => {
    const buckets = notifications.map(([, n]) => n['bucket']);
    expect(new Set(buckets).size).toBe(buckets.length);
  });

  it('merges every pipeline into the ingest bucket notification, each on its source prefix', () => {
    const ingestId = resourcesOf(json, 'aws_s3_bucket').find(([, b]) =>
      String(b['bucket']).endsWith('-ingest'),
    )![0];
    expect(notifications).toHaveLength(1);
    const [, notification] = notifications[0]!;
    expect(notification['bucket']).toBe(ref('aws_s3_bucket', ingestId, 'id'));
    const entries = entriesOf(notification);
    expect(entries).toHaveLength(PIPELINES.length);
    for (const pipeline of PIPELINES) {
      const fnId = functionIdByName(json, `${config.namePrefix}-${pipeline.name}`);
      const entry = entries.find((e) => e.lambda_function_arn === ref('aws_lambda_function', fnId, 'arn'));
      expect(entry).toMatchObject({
        events:
          pipeline.onSourceRemoved === 'remove-outputs'
            ? ['s3:ObjectCreated:*', 's3:ObjectRemoved:*']
            : ['s3:ObjectCreated:*'],
        filter_prefix: `${requireConfigOf(config.pipelines, pipeline).source.prefix}/`,
      });
    }
  });

  it('tells resize and etl of removed sources (their outputs go with them), and not copy (copies are backups)', () => {
    const entries = entriesOf(notifications[0]![1]);
    const eventsOf = (name: string) =>
      entries.find(
        (e) =>
          e.lambda_function_arn ===
          ref('aws_lambda_function', functionIdByName(json, `${config.namePrefix}-${name}`), 'arn'),
      )?.events;
    expect(eventsOf('resize')).toEqual(['s3:ObjectCreated:*', 's3:ObjectRemoved:*']);
    expect(eventsOf('etl')).toEqual(['s3:ObjectCreated:*', 's3:ObjectRemoved:*']);
    expect(eventsOf('copy')).toEqual(['s3:ObjectCreated:*']);
  });

  it('filters on the same prefix each function reads as SOURCE_PREFIX', () => {
    const entries = entriesOf(notifications[0]![1]);
    for (const [fnId, fn] of resourcesOf(json, 'aws_lambda_function')) {
      const entry = entries.find((e) => e.lambda_function_arn === ref('aws_lambda_function', fnId, 'arn'));
      expect(entry?.filter_prefix).toBe(
        (fn['environment'] as { variables: Record<string, string> }).variables['SOURCE_PREFIX'],
      );
    }
  });

  it('lets only S3, for this bucket and account, invoke each function; the notification waits for those permissions', () => {
    const permissions = resourcesOf(json, 'aws_lambda_permission');
    expect(permissions).toHaveLength(PIPELINES.length);
    const ingestId = resourcesOf(json, 'aws_s3_bucket').find(([, b]) =>
      String(b['bucket']).endsWith('-ingest'),
    )![0];
    const accountId = Object.keys(json.data['aws_caller_identity'] ?? {})[0]!;
    for (const [, permission] of permissions) {
      expect(permission).toMatchObject({
        action: 'lambda:InvokeFunction',
        principal: 's3.amazonaws.com',
        source_arn: ref('aws_s3_bucket', ingestId, 'arn'),
        source_account: `\${data.aws_caller_identity.${accountId}.account_id}`,
      });
    }
    expect([...(notifications[0]![1]['depends_on'] as string[])].sort()).toEqual(
      permissions.map(([id]) => `aws_lambda_permission.${id}`).sort(),
    );
  });
});

describe('S3Trigger on a shared bucket', () => {
  it('adds one entry per trigger to a single notification resource', () => {
    const outdir = mkdtempSync(path.join(os.tmpdir(), 'infra-triggers-'));
    const app = Testing.app({ outdir });
    const stack = new TerraformStack(app, 'triggers');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const bucket = new SecureBucket(stack, 'bucket', { bucketName: 'shared-bucket' });
    const functions = ['a', 'b'].map(
      (name) =>
        new LambdaFunction(stack, name, {
          functionName: name,
          role: 'arn:aws:iam::123456789012:role/x',
          runtime: 'nodejs22.x',
          handler: 'index.handler',
          filename: 'x.zip',
        }),
    );
    functions.forEach(
      (fn, index) =>
        new S3Trigger(stack, `trigger-${index}`, {
          bucket,
          function: fn,
          accountId: '123456789012',
          prefix: `in-${index}`,
          suffix: '.csv',
        }),
    );
    const json = JSON.parse(Testing.synth(stack)) as SynthesizedJson;
    const notifications = resourcesOf(json, 'aws_s3_bucket_notification');
    expect(notifications).toHaveLength(1);
    expect(
      entriesOf(notifications[0]![1]).map((e) => [
        e.id,
        e.filter_prefix,
        (e as unknown as Block)['filter_suffix'],
      ]),
    ).toEqual([
      ['trigger-0', 'in-0/', '.csv'],
      ['trigger-1', 'in-1/', '.csv'],
    ]);
    rmSync(outdir, { recursive: true, force: true });
  });
});
