import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutBucketNotificationConfigurationCommand } from '@aws-sdk/client-s3';
import { deterministicZip } from '@pipeline/lambda-packager';
import {
  cleanupTestBuckets,
  createTestBucket,
  emulatorEndpoint,
  testS3Client,
  uniqueName,
} from '@pipeline/testing';
import { ArtifactMismatchError, discoverDeployment } from '../../src/deploy/deployment.js';
import type { TerraformStateJson } from '../../src/deploy/terraform-state.js';

// The runner reads the deployment back from the AWS API (moto here) and runs only the zip whose
// SHA-256 is the deployed CodeSha256.
const endpoint = emulatorEndpoint();
const lambda = new LambdaClient({ endpoint, region: 'us-east-1' });
const iam = new IAMClient({ endpoint, region: 'us-east-1' });
const s3 = testS3Client();
afterAll(() => cleanupTestBuckets(s3));

async function deployFunction(zip: Buffer): Promise<{ name: string; arn: string }> {
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: uniqueName('role'),
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
    }),
  );
  const name = uniqueName('fn');
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Role: role.Role?.Arn,
      Code: { ZipFile: zip },
      MemorySize: 256,
      Timeout: 7,
      Environment: { Variables: { DESTINATION_BUCKET: 'out' } },
    }),
  );
  return { name, arn: created.FunctionArn ?? '' };
}

function stateFor(bucket: string, functionName: string, filename: string): TerraformStateJson {
  return {
    values: {
      root_module: {
        resources: [
          { address: 'aws_s3_bucket.ingest', type: 'aws_s3_bucket', values: { bucket } },
          {
            address: 'aws_lambda_function.copy',
            type: 'aws_lambda_function',
            values: { function_name: functionName, filename },
          },
        ],
      },
    },
  };
}

describe('discoverDeployment', () => {
  const stackDir = mkdtempSync(join(tmpdir(), 'deployment-test-'));

  it('reads triggers and function configuration back, and unpacks the zip that matches CodeSha256', async () => {
    const zip = await deterministicZip([
      { path: 'index.js', data: Buffer.from('exports.handler = async () => 1;') },
    ]);
    writeFileSync(join(stackDir, 'deployed.zip'), zip);
    const fn = await deployFunction(zip);
    const bucket = await createTestBucket('discover');
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [
            {
              LambdaFunctionArn: fn.arn,
              Events: ['s3:ObjectCreated:*'],
              Filter: {
                Key: {
                  FilterRules: [
                    { Name: 'prefix', Value: 'incoming/' },
                    { Name: 'suffix', Value: '.bin' },
                  ],
                },
              },
            },
          ],
        },
      }),
    );
    const deployment = await discoverDeployment({
      state: stateFor(bucket, fn.name, 'deployed.zip'),
      stackDir,
      codeRoot: join(stackDir, 'code'),
      s3,
      lambda,
      pipelines: new Map([[fn.name, 'copy']]),
    });
    expect(deployment.functions.get(fn.arn)?.pipeline).toBe('copy');
    expect(deployment.triggers).toEqual([
      { bucket, functionArn: fn.arn, events: ['s3:ObjectCreated:*'], prefix: 'incoming/', suffix: '.bin' },
    ]);
    const local = deployment.functions.get(fn.arn);
    expect(local?.fn).toMatchObject({
      name: fn.name,
      memoryMb: 256,
      timeoutSeconds: 7,
      environment: { DESTINATION_BUCKET: 'out' },
    });
    expect(readFileSync(join(local?.fn.codeDir ?? '', 'index.js'), 'utf8')).toBe(
      'exports.handler = async () => 1;',
    );
  });

  it('refuses to run a zip whose SHA-256 is not the deployed CodeSha256', async () => {
    const deployed = await deterministicZip([
      { path: 'index.js', data: Buffer.from('exports.handler = async () => "deployed";') },
    ]);
    const local = await deterministicZip([
      { path: 'index.js', data: Buffer.from('exports.handler = async () => "rebuilt since";') },
    ]);
    writeFileSync(join(stackDir, 'rebuilt.zip'), local);
    const fn = await deployFunction(deployed);
    const bucket = await createTestBucket('mismatch');
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [{ LambdaFunctionArn: fn.arn, Events: ['s3:ObjectCreated:*'] }],
        },
      }),
    );
    const discovery = discoverDeployment({
      state: stateFor(bucket, fn.name, 'rebuilt.zip'),
      stackDir,
      codeRoot: join(stackDir, 'code'),
      s3,
      lambda,
      pipelines: new Map([[fn.name, 'copy']]),
    });
    await expect(discovery).rejects.toBeInstanceOf(ArtifactMismatchError);
    await expect(discovery).rejects.toThrow(/matches no local artifact/);
  });
});
