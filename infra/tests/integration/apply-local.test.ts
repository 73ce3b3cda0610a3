/**
 * Applies the real `local` stack (real built zips) to the emulator with terraform, checks what
 * was deployed through the AWS API, and destroys it. Slow by nature: each SQS queue takes about
 * 25 s against moto and the lifecycle configurations about a minute.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import {
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionEventInvokeConfigCommand,
  GetPolicyCommand,
} from '@aws-sdk/client-lambda';
import { GetRoleCommand, GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { GetDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { GetTopicAttributesCommand } from '@aws-sdk/client-sns';
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { testDynamoDbClient } from '@pipeline/testing';
import { findWorkspaceRoot } from '@pipeline/lambda-packager/workspace-root';
import { artifactPath } from '../../src/artifacts.js';
import { PIPELINE_NAMES, PIPELINES } from '../../src/config/index.js';
import {
  deployToEmulator,
  destroyEmulatorDeployment,
  type EmulatorDeployment,
} from '../../src/emulator-deploy.js';
import { alarmsWithPrefix, emulatorClients } from '../support/aws-clients.js';
import { requireConfigOf } from '../../src/pipelines/registry.js';
import { contractVariables } from '../support/contract.js';
import { describeWithTerraform } from '../../src/testing/terraform-gate.js';

const APPLY_TIMEOUT_MS = 6 * 60_000;

describeWithTerraform('the emulator apply test')('the local stack applied to the emulator', () => {
  const clients = emulatorClients();
  const repoRoot = findWorkspaceRoot();
  const namePrefix = `pipeline-it-${Date.now().toString(36)}`;
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'infra-apply-'));
  let deployment: EmulatorDeployment;
  let destroyed = false;

  beforeAll(async () => {
    deployment = await deployToEmulator({
      endpointUrl: process.env['AWS_ENDPOINT_URL']!,
      outdir,
      namePrefix,
      repoRoot,
    });
  }, APPLY_TIMEOUT_MS);

  afterAll(async () => {
    if (deployment && !destroyed) await destroyEmulatorDeployment(deployment);
    rmSync(outdir, { recursive: true, force: true });
  }, APPLY_TIMEOUT_MS);

  it('creates the two buckets private, owner-enforced and encrypted; ingest versioned', async () => {
    const { ingest, processed } = deployment.outputs.buckets;
    expect([ingest, processed]).toEqual([`${namePrefix}-ingest`, `${namePrefix}-processed`]);
    for (const Bucket of [ingest, processed]) {
      const block = await clients.s3.send(new GetPublicAccessBlockCommand({ Bucket }));
      expect(block.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      });
      const ownership = await clients.s3.send(new GetBucketOwnershipControlsCommand({ Bucket }));
      expect(ownership.OwnershipControls?.Rules?.[0]?.ObjectOwnership).toBe('BucketOwnerEnforced');
      const encryption = await clients.s3.send(new GetBucketEncryptionCommand({ Bucket }));
      expect(
        encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
          ?.SSEAlgorithm,
      ).toBe('AES256');
      // No TLS-only policy over the emulator's plain http (see SecureBucketProps.enforceTls); the synth tests assert it for real AWS.
      await expect(clients.s3.send(new GetBucketPolicyCommand({ Bucket }))).rejects.toMatchObject({
        name: 'NoSuchBucketPolicy',
      });
    }
    expect((await clients.s3.send(new GetBucketVersioningCommand({ Bucket: ingest }))).Status).toBe(
      'Enabled',
    );
    expect(
      (await clients.s3.send(new GetBucketVersioningCommand({ Bucket: processed }))).Status,
    ).toBeUndefined();
    const lifecycle = await clients.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: ingest }));
    expect(lifecycle.Rules?.map((r) => r.ID).sort()).toEqual([
      'abort-incomplete-multipart-uploads',
      'archive-originals',
      'expire-noncurrent-versions',
    ]);
  });

  it('accepts uploads over the emulator, versioned in the ingest bucket (force-destroy lets destroy empty it)', async () => {
    const put = await clients.s3.send(
      new PutObjectCommand({
        Bucket: deployment.outputs.buckets.ingest,
        Key: 'incoming/probe.txt',
        Body: 'probe',
      }),
    );
    expect(put.VersionId).toBeTruthy();
  });

  it('creates the object catalog: keyed by source and pipeline, on demand, streaming new and old images, TTL on expiresAt', async () => {
    const dynamodb = testDynamoDbClient();
    const { catalog } = deployment.outputs;
    expect(catalog.table_name).toBe(`${namePrefix}-catalog`);
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: catalog.table_name }));
    expect(Table).toMatchObject({
      TableArn: catalog.table_arn,
      KeySchema: [
        { AttributeName: 'sourceUri', KeyType: 'HASH' },
        { AttributeName: 'pipeline', KeyType: 'RANGE' },
      ],
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      LatestStreamArn: catalog.stream_arn,
    });
    const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: catalog.table_name }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: 'expiresAt',
      TimeToLiveStatus: 'ENABLED',
    });
    const backups = await dynamodb.send(
      new DescribeContinuousBackupsCommand({ TableName: catalog.table_name }),
    );
    // local: no point-in-time recovery (prod has it: tests/unit/catalog.test.ts).
    expect(
      backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus,
    ).toBe('DISABLED');
    for (const name of PIPELINE_NAMES) {
      const { Configuration } = await clients.lambda.send(
        new GetFunctionCommand({ FunctionName: deployment.outputs.functions[name].name }),
      );
      expect(Configuration?.Environment?.Variables?.['CATALOG_TABLE']).toBe(catalog.table_name);
    }
  });

  it('holds one notification configuration on the ingest bucket with each function on its prefix', async () => {
    const { ingest, processed } = deployment.outputs.buckets;
    const notification = await clients.s3.send(
      new GetBucketNotificationConfigurationCommand({ Bucket: ingest }),
    );
    const byArn = Object.fromEntries(
      (notification.LambdaFunctionConfigurations ?? []).map((c) => [
        String(c.LambdaFunctionArn),
        c.Filter?.Key?.FilterRules?.map((r) => [r.Name?.toLowerCase(), r.Value]),
      ]),
    );
    const functions = deployment.outputs.functions;
    expect(byArn).toEqual(
      Object.fromEntries(
        PIPELINES.map((pipeline) => [
          functions[pipeline.name].arn,
          [
            ['prefix', `${requireConfigOf(deployment.config.pipelines, pipeline).source.prefix}/`],
            ...(pipeline.trigger?.suffix === undefined ? [] : [['suffix', pipeline.trigger.suffix]]),
          ],
        ]),
      ),
    );
    expect(functions.resize.source_prefix).toBe('uploads/');
    const outputBucket = await clients.s3.send(
      new GetBucketNotificationConfigurationCommand({ Bucket: processed }),
    );
    expect(outputBucket.LambdaFunctionConfigurations ?? []).toEqual([]);
  });

  it.each([...PIPELINE_NAMES])(
    'deploys the %s function as configured, running the built x86_64 zip',
    async (pipeline) => {
      const { name } = deployment.outputs.functions[pipeline];
      const settings = deployment.config.pipelines[pipeline].function;
      const { Configuration: fn } = await clients.lambda.send(new GetFunctionCommand({ FunctionName: name }));
      expect(fn).toMatchObject({
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Architectures: ['x86_64'],
        MemorySize: settings.memoryMb,
        Timeout: settings.timeoutSeconds,
        TracingConfig: { Mode: 'Active' },
      });
      // The hash taken at synth time: the apps may rebuild their zips while this test runs.
      expect(fn?.CodeSha256).toBe(deployment.artifacts[pipeline].sha256Base64);
      expect(deployment.artifacts[pipeline].zipPath).toBe(artifactPath(repoRoot, pipeline, 'x86_64'));
      const variables = fn?.Environment?.Variables ?? {};
      const module = PIPELINES.find((p) => p.name === pipeline)!;
      expect(Object.keys(variables).sort()).toEqual(contractVariables(module, deployment.config).sort());
      expect(variables).toMatchObject({
        DESTINATION_BUCKET: deployment.outputs.buckets.processed,
        SOURCE_PREFIX: deployment.outputs.functions[pipeline].source_prefix,
        LOG_LEVEL: 'DEBUG',
        POWERTOOLS_SERVICE_NAME: name,
        PIPELINE_ENVIRONMENT: 'local',
      });
      const concurrency = await clients.lambda.send(
        new GetFunctionConcurrencyCommand({ FunctionName: name }),
      );
      expect(concurrency.ReservedConcurrentExecutions).toBe(settings.reservedConcurrency);
    },
  );

  it.each([...PIPELINE_NAMES])(
    'sends failed %s events to its encrypted failure queue after the configured retries',
    async (pipeline) => {
      const { name, failure_queue_url: QueueUrl } = deployment.outputs.functions[pipeline];
      const { Attributes } = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn', 'SqsManagedSseEnabled'] }),
      );
      expect(Attributes?.['SqsManagedSseEnabled']).toBe('true');
      const invoke = await clients.lambda.send(
        new GetFunctionEventInvokeConfigCommand({ FunctionName: name }),
      );
      expect(invoke).toMatchObject({
        MaximumRetryAttempts: deployment.config.pipelines[pipeline].function.maximumRetryAttempts,
        DestinationConfig: { OnFailure: { Destination: Attributes?.['QueueArn'] } },
      });
    },
  );

  it.each([...PIPELINE_NAMES])('lets S3 invoke %s only from the ingest bucket', async (pipeline) => {
    const { Policy } = await clients.lambda.send(
      new GetPolicyCommand({ FunctionName: deployment.outputs.functions[pipeline].name }),
    );
    const statements = (
      JSON.parse(Policy ?? '{}') as {
        Statement: { Principal: unknown; Condition: Record<string, Record<string, string>> }[];
      }
    ).Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Principal).toEqual({ Service: 's3.amazonaws.com' });
    expect(statements[0]?.Condition['ArnLike']?.['AWS:SourceArn']).toBe(
      `arn:aws:s3:::${deployment.outputs.buckets.ingest}`,
    );
  });

  it.each([...PIPELINE_NAMES])(
    'gives %s a role assumable by Lambda that reads only its source prefix',
    async (pipeline) => {
      const { name, source_prefix: sourcePrefix } = deployment.outputs.functions[pipeline];
      const { Role } = await clients.iam.send(new GetRoleCommand({ RoleName: `${name}-role` }));
      expect(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? '')).toContain('lambda.amazonaws.com');
      const { PolicyDocument } = await clients.iam.send(
        new GetRolePolicyCommand({ RoleName: `${name}-role`, PolicyName: `${name}-least-privilege` }),
      );
      const statements = (
        JSON.parse(decodeURIComponent(PolicyDocument ?? '{}')) as {
          Statement: { Sid: string; Resource: string | string[] }[];
        }
      ).Statement;
      const read = statements.find((s) => s.Sid === 'ReadSourcePrefix');
      expect(read?.Resource).toBe(`arn:aws:s3:::${deployment.outputs.buckets.ingest}/${sourcePrefix}*`);
    },
  );

  it.each([...PIPELINE_NAMES])(
    'keeps %s logs for the configured days and alarms on it four ways',
    async (pipeline) => {
      const { name } = deployment.outputs.functions[pipeline];
      const { logGroups } = await clients.logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/lambda/${name}` }),
      );
      expect(logGroups?.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([
        [`/aws/lambda/${name}`, deployment.config.logRetentionDays],
      ]);
      const alarms = await alarmsWithPrefix(clients.cloudwatch, `${name}-`);
      expect(alarms.map((a) => a.AlarmName).sort()).toEqual(
        ['duration-p99', 'errors', 'failure-queue-depth', 'rejected-share', 'throttles'].map(
          (id) => `${name}-${id}`,
        ),
      );
      expect(
        alarms
          .map((a) => a.MetricName)
          .filter((metric) => metric !== undefined)
          .sort(),
      ).toEqual(['ApproximateNumberOfMessagesVisible', 'Duration', 'Errors', 'Throttles']);
      const share = alarms.find((a) => a.AlarmName === `${name}-rejected-share`);
      // The provider keeps an alarm's metric queries as a set: the emulator answers them in no fixed order.
      expect(share?.Metrics?.map((m) => m.Id).sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'share']);
      for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([deployment.outputs.alarm_topic_arn]);
      const topic = await clients.sns.send(
        new GetTopicAttributesCommand({ TopicArn: deployment.outputs.alarm_topic_arn }),
      );
      expect(topic.Attributes?.['TopicArn']).toBe(deployment.outputs.alarm_topic_arn);
    },
  );

  it('creates the stack dashboard with a row per pipeline', async () => {
    const { DashboardBody } = await clients.cloudwatch.send(
      new GetDashboardCommand({ DashboardName: `${namePrefix}-pipelines` }),
    );
    const titles = (
      JSON.parse(DashboardBody ?? '{}') as { widgets: { properties: { title: string } }[] }
    ).widgets.map((w) => w.properties.title);
    for (const pipeline of PIPELINE_NAMES)
      expect(titles.filter((title) => title.startsWith(`${pipeline}:`))).toHaveLength(4);
  });

  it(
    'destroys everything it created',
    async () => {
      await destroyEmulatorDeployment(deployment);
      destroyed = true;
      await expect(
        clients.s3.send(new HeadBucketCommand({ Bucket: deployment.outputs.buckets.ingest })),
      ).rejects.toThrow();
      await expect(
        clients.lambda.send(new GetFunctionCommand({ FunctionName: deployment.outputs.functions.copy.name })),
      ).rejects.toThrow();
    },
    APPLY_TIMEOUT_MS,
  );
});
