/**
 * Where the operations commands act: a pipeline of an environment, resolved from infra's registry
 * (`pipelineTarget`), with the clients and the way to run its function. `local` is the local cloud
 * that `pnpm start` deployed to the emulator at AWS_ENDPOINT_URL, run by the local runner; any other
 * environment is AWS, with the caller's credentials (the deploying identity) and the SDK's usual chain.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { pipelineTarget, type PipelineTarget } from '@pipeline/infra';
import { EMULATOR_ENV } from '@pipeline/cloud-emulator';
import { DeploymentReadError, UsageError } from '../errors.js';
import type { EventDeliverer, FunctionInvoker } from './invoker.js';
import { lambdaDeliverer, lambdaInvoker } from './lambda-invoker.js';
import { deployedFunction, openLocalDeployment } from './local-deployment.js';
import { localDeliverer, localInvoker } from './local-invoker.js';

export interface OperationsContext {
  readonly target: PipelineTarget;
  /** Where it acts, in words. */
  readonly where: string;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  invoker(): Promise<FunctionInvoker>;
  deliverer(concurrency: number): Promise<EventDeliverer>;
}

export interface ContextOptions {
  /** `--env local`: S3 unreachable for the function on keys holding this marker. */
  readonly injectFault?: string;
}

export async function operationsContext(
  env: string,
  pipeline: string,
  options: ContextOptions = {},
): Promise<OperationsContext> {
  const target = pipelineTarget(env, pipeline);
  return env === 'local' ? localContext(target, options) : awsContext(target);
}

function awsContext(target: PipelineTarget): OperationsContext {
  const region = target.region;
  const lambda = new LambdaClient({ region });
  return {
    target,
    where: `AWS ${target.environment} in ${region}, as the caller's identity`,
    s3: new S3Client({ region }),
    sqs: new SQSClient({ region }),
    invoker: async () => lambdaInvoker(lambda, target.functionName),
    deliverer: async () => lambdaDeliverer(lambda, target.functionName),
  };
}

async function localContext(target: PipelineTarget, options: ContextOptions): Promise<OperationsContext> {
  const endpoint = process.env.AWS_ENDPOINT_URL?.trim();
  if (endpoint === undefined || endpoint === '')
    throw new UsageError(
      '--env local acts on the local cloud pnpm start deployed to an emulator: set AWS_ENDPOINT_URL to it (AWS_ENDPOINT_URL=http://127.0.0.1:5000 pnpm start, then the same for this command)',
    );
  // The emulator's credentials and region, as pnpm start uses them (the caller's own win when set).
  for (const [name, value] of Object.entries(EMULATOR_ENV)) process.env[name] ??= value;
  const local = await openLocalDeployment(endpoint);
  const fn = deployedFunction(local, target.functionName);
  return {
    target,
    where: `the local cloud at ${endpoint}, by the local runner`,
    s3: local.clients.s3,
    sqs: local.clients.sqs,
    invoker: () => localInvoker(fn, { endpoint, injectFault: options.injectFault }),
    deliverer: (concurrency) => localDeliverer(fn, local.clients.sqs, { endpoint, concurrency }),
  };
}

/** The URL of the pipeline's failure queue. */
export async function failureQueueUrl(context: OperationsContext): Promise<string> {
  const name = context.target.failureQueueName;
  const { QueueUrl } = await context.sqs
    .send(new GetQueueUrlCommand({ QueueName: name }))
    .catch((error: { name?: string }) => {
      if (error.name === 'QueueDoesNotExist' || error.name === 'AWS.SimpleQueueService.NonExistentQueue')
        throw new DeploymentReadError(
          `there is no queue ${name} on ${context.where}: is that stack deployed?`,
        );
      throw error;
    });
  if (QueueUrl === undefined) throw new DeploymentReadError(`no queue URL for ${name}`);
  return QueueUrl;
}
