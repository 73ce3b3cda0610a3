/** SDK clients bound to the emulator the jest globalSetup started (AWS_ENDPOINT_URL). */
import { CloudWatchClient, DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GlueClient } from '@aws-sdk/client-glue';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { testS3Client } from '@pipeline/testing';

export function emulatorClients() {
  const endpoint = process.env['AWS_ENDPOINT_URL'];
  if (!endpoint)
    throw new Error('AWS_ENDPOINT_URL is not set: run under the @pipeline/testing jest globalSetup');
  const common = { endpoint, region: process.env['AWS_REGION'] ?? 'us-east-1' };
  return {
    s3: testS3Client(),
    lambda: new LambdaClient(common),
    iam: new IAMClient(common),
    cloudwatch: new CloudWatchClient(common),
    logs: new CloudWatchLogsClient(common),
    sqs: new SQSClient(common),
    sns: new SNSClient(common),
    glue: new GlueClient(common),
    athena: new AthenaClient(common),
  };
}

/** Every metric alarm whose name starts with `prefix`. */
export async function alarmsWithPrefix(client: CloudWatchClient, prefix: string): Promise<MetricAlarm[]> {
  const { MetricAlarms } = await client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: prefix }));
  return MetricAlarms ?? [];
}
