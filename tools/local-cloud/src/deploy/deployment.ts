import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { GetBucketNotificationConfigurationCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionEventInvokeConfigCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { AsyncInvokeConfig } from '../run/async-invoke.js';
import type { DeployedFunction } from '@pipeline/cloud-emulator';
import type { LambdaTrigger } from '../run/notification-match.js';
import { resourcesOfType, stringAttribute, type TerraformStateJson } from './terraform-state.js';
import { extractZip } from '@pipeline/lambda-packager';
import { ArtifactMismatchError, DeploymentReadError } from '../errors.js';

export interface LocalFunction {
  /** The pipeline it belongs to, from the stack's typed outputs (not guessed from its name). */
  readonly pipeline: string;
  readonly fn: DeployedFunction;
  readonly asyncConfig: AsyncInvokeConfig;
  /** Its reserved concurrency as deployed: at most this many execution environments at once. */
  readonly reservedConcurrency: number | undefined;
  /** Its execution role's ARN as deployed (GetFunction's `Role`): its invocations run under it. */
  readonly roleArn: string | undefined;
  readonly artifactPath: string;
  readonly codeSha256: string;
}

/** What the emulator holds after apply: the functions (by ARN), their triggers and the stack's buckets. */
export interface Deployment {
  readonly buckets: readonly string[];
  readonly triggers: readonly LambdaTrigger[];
  readonly functions: ReadonlyMap<string, LocalFunction>;
}

export interface DiscoverOptions {
  readonly state: TerraformStateJson;
  /** Where terraform ran: relative asset paths in the state are relative to it. */
  readonly stackDir: string;
  /** Where each function's code is unpacked. */
  readonly codeRoot: string;
  readonly s3: S3Client;
  readonly lambda: LambdaClient;
  /** Pipeline name by function name, from the stack's `functions` output. */
  readonly pipelines: ReadonlyMap<string, string>;
}

export { ArtifactMismatchError };

/** Reads the deployment back from the AWS API (not from the stack's configuration) and unpacks the code that matches it. */
export async function discoverDeployment(options: DiscoverOptions): Promise<Deployment> {
  const buckets = resourcesOfType(options.state, 'aws_s3_bucket').map((r) => stringAttribute(r, 'bucket'));
  const triggers = (await Promise.all(buckets.map((bucket) => bucketTriggers(options.s3, bucket)))).flat();
  const functions = new Map<string, LocalFunction>();
  for (const arn of new Set(triggers.map((t) => t.functionArn))) {
    functions.set(arn, await loadFunction(arn, options));
  }
  return { buckets, triggers, functions };
}

async function bucketTriggers(s3: S3Client, bucket: string): Promise<LambdaTrigger[]> {
  const config = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
  return (config.LambdaFunctionConfigurations ?? []).map((c) => {
    const rules = c.Filter?.Key?.FilterRules ?? [];
    const rule = (name: string): string => rules.find((r) => r.Name?.toLowerCase() === name)?.Value ?? '';
    return {
      bucket,
      functionArn: c.LambdaFunctionArn ?? '',
      events: c.Events ?? [],
      prefix: rule('prefix'),
      suffix: rule('suffix'),
    };
  });
}

async function loadFunction(arn: string, options: DiscoverOptions): Promise<LocalFunction> {
  const { Configuration: config } = await options.lambda.send(new GetFunctionCommand({ FunctionName: arn }));
  if (config?.FunctionName === undefined || config.CodeSha256 === undefined)
    throw new DeploymentReadError(`GetFunction ${arn} returned no configuration`);
  const invokeConfig = await options.lambda
    .send(new GetFunctionEventInvokeConfigCommand({ FunctionName: config.FunctionName }))
    .catch(() => undefined);
  const concurrency = await options.lambda
    .send(new GetFunctionConcurrencyCommand({ FunctionName: config.FunctionName }))
    .catch(() => undefined);
  const artifactPath = await matchingArtifact(config.FunctionName, config.CodeSha256, options);
  const codeDir = join(
    options.codeRoot,
    `${config.FunctionName}-${config.CodeSha256.replace(/[^A-Za-z0-9]/g, '').slice(0, 16)}`,
  );
  await extractZip(artifactPath, codeDir);
  const pipeline = options.pipelines.get(config.FunctionName);
  if (pipeline === undefined)
    throw new DeploymentReadError(`${config.FunctionName} is in no pipeline of the stack's outputs`);
  return {
    pipeline,
    artifactPath,
    reservedConcurrency: concurrency?.ReservedConcurrentExecutions,
    roleArn: config.Role,
    codeSha256: config.CodeSha256,
    fn: {
      name: config.FunctionName,
      arn: config.FunctionArn ?? arn,
      handler: config.Handler ?? 'index.handler',
      codeDir,
      memoryMb: config.MemorySize ?? 128,
      timeoutSeconds: config.Timeout ?? 3,
      environment: config.Environment?.Variables ?? {},
      region: arn.split(':')[3] ?? 'us-east-1',
    },
    asyncConfig: {
      // Lambda's defaults when no event invoke config is deployed.
      maximumRetryAttempts: invokeConfig?.MaximumRetryAttempts ?? 2,
      maximumEventAgeSeconds: invokeConfig?.MaximumEventAgeInSeconds ?? 21_600,
      onFailureDestination: invokeConfig?.DestinationConfig?.OnFailure?.Destination,
    },
  };
}

/** The zip named in terraform state for this function, refused unless its SHA-256 is the deployed CodeSha256. */
async function matchingArtifact(
  functionName: string,
  codeSha256: string,
  options: DiscoverOptions,
): Promise<string> {
  const resource = resourcesOfType(options.state, 'aws_lambda_function').find(
    (r) => r.values.function_name === functionName,
  );
  if (resource === undefined)
    throw new ArtifactMismatchError(`terraform state holds no aws_lambda_function named ${functionName}`);
  const filename = stringAttribute(resource, 'filename');
  const path = isAbsolute(filename) ? filename : join(options.stackDir, filename);
  const digest = createHash('sha256')
    .update(await readFile(path))
    .digest('base64');
  if (digest !== codeSha256) {
    throw new ArtifactMismatchError(
      `${functionName}: the deployed code (CodeSha256 ${codeSha256}) matches no local artifact; ${path} has ${digest}. ` +
        'Rebuild and redeploy (pnpm start does both) so what runs is what is deployed.',
    );
  }
  return path;
}
