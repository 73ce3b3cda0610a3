/**
 * `pnpm redrive`'s AWS path against the emulator's APIs: the failure queue is a real SQS queue in
 * moto, filled with records by the runner's own asynchronous invocation (Lambda's on-failure record
 * shape), read, deleted and made visible again through the real SQS API. The function is invoked
 * through the real Lambda client and the real lambdaInvoker, but the Invoke call itself is answered
 * by a stand-in: moto can only run Lambda Invoke with Docker, which these machines lack. Only that
 * call is replaced, at the client's middleware, after the request is built.
 */
import { LambdaClient, type InvokeCommandInput } from '@aws-sdk/client-lambda';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { pipelineTarget } from '@pipeline/infra';
import {
  emulatorEndpoint,
  s3Event,
  testSqsClient,
  uniqueName,
  type DeployedFunction,
} from '@pipeline/testing';
import { invokeAsync } from '../../src/run/async-invoke.js';
import { DeploymentReadError } from '../../src/errors.js';
import { failureQueueUrl, operationsContext } from '../../src/ops/context.js';
import { lambdaInvoker } from '../../src/ops/lambda-invoker.js';
import { redrive, type RedriveRow } from '../../src/ops/redrive.js';
import { renderRedrive } from '../../src/ops/render.js';

const sqs: SQSClient = testSqsClient();
/** A dev pipeline under a name prefix of its own, so each test has its own queue. */
function target() {
  return pipelineTarget('dev', 'resize', { overrides: { namePrefix: uniqueName('redrive').slice(0, 30) } });
}

async function queueDepth(queueUrl: string): Promise<{ visible: number; hidden: number }> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(Attributes.ApproximateNumberOfMessages),
    hidden: Number(Attributes.ApproximateNumberOfMessagesNotVisible),
  };
}

/** The failure queue of `functionName`, holding one failure record per key, sent as the runner sends them. */
async function failureQueue(
  functionName: string,
  queueName: string,
  keys: readonly string[],
): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
  const fn: DeployedFunction = {
    name: functionName,
    arn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    handler: 'index.handler',
    codeDir: '/nonexistent',
    memoryMb: 512,
    timeoutSeconds: 30,
    environment: {},
    region: 'us-east-1',
  };
  for (const key of keys)
    await invokeAsync(
      fn,
      {
        maximumRetryAttempts: 2,
        maximumEventAgeSeconds: 3600,
        onFailureDestination: `arn:aws:sqs:us-east-1:123456789012:${queueName}`,
      },
      s3Event([{ bucket: 'ingest', key, versionId: `v-${key}` }]),
      {
        sqs,
        retryDelayMs: 0,
        invoke: async () => ({
          ok: false,
          requestId: 'r',
          errorType: 'S3Unavailable',
          errorMessage: `connect ECONNREFUSED for ${key}`,
          stackTrace: [],
          logs: [],
          durationMs: 3,
        }),
      },
    );
  return QueueUrl as string;
}

interface Invoked {
  readonly input: InvokeCommandInput;
  readonly depthAtInvoke: { visible: number; hidden: number };
}

/**
 * A real Lambda client whose Invoke is answered here (moto needs Docker to run it): the event's key
 * decides, `uploads/bad...` failing as a handler error does (FunctionError, error payload).
 */
function standInLambda(queueUrl: string, invoked: Invoked[]): LambdaClient {
  const lambda = new LambdaClient({ endpoint: emulatorEndpoint(), region: 'us-east-1' });
  lambda.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'InvokeCommand') return next(args);
      const input = args.input as InvokeCommandInput;
      invoked.push({ input, depthAtInvoke: await queueDepth(queueUrl) });
      const event = JSON.parse(Buffer.from(input.Payload as Uint8Array).toString('utf8')) as {
        Records: { s3: { object: { key: string } } }[];
      };
      const key = decodeURIComponent(event.Records[0]?.s3.object.key ?? '');
      const failing = key.startsWith('uploads/bad');
      const payload = failing
        ? { errorType: 'TransientError', errorMessage: `still failing: ${key}` }
        : { outcomes: [{ kind: 'written' }] };
      return {
        output: {
          $metadata: { httpStatusCode: 200 },
          StatusCode: 200,
          ...(failing ? { FunctionError: 'Unhandled' } : {}),
          Payload: Buffer.from(JSON.stringify(payload)),
        },
        response: {},
      } as never;
    },
    { step: 'initialize', name: 'invoke-stand-in' },
  );
  return lambda;
}

describe('pnpm redrive against AWS APIs (SQS in the emulator, Lambda Invoke stood in)', () => {
  it('invokes again with each original event and deletes only the messages whose invocation succeeded', async () => {
    const t = target();
    const queueUrl = await failureQueue(t.functionName, t.failureQueueName, [
      'uploads/a.jpg',
      'uploads/bad.jpg',
    ]);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'not a failure record' }));
    const invoked: Invoked[] = [];
    const rows = await redrive({
      sqs,
      queueUrl,
      invoker: lambdaInvoker(standInLambda(queueUrl, invoked), t.functionName),
      dryRun: false,
      visibilitySeconds: 60,
    });
    const byInput = (input: string): RedriveRow | undefined => rows.find((r) => r.inputs === input);
    expect(byInput('s3://ingest/uploads/a.jpg')).toMatchObject({
      result: 'redriven',
      originally: 'RetriesExhausted; 3 attempt(s); S3Unavailable: connect ECONNREFUSED for uploads/a.jpg',
      detail: 'written',
    });
    expect(byInput('s3://ingest/uploads/bad.jpg')).toMatchObject({
      result: 'failed again',
      detail: 'TransientError: still failing: uploads/bad.jpg',
    });
    expect(rows.filter((r) => r.result === 'unreadable')).toHaveLength(1);
    // Each invocation: the function by name, synchronously, with the original event.
    expect(invoked.map((i) => [i.input.FunctionName, i.input.InvocationType])).toEqual([
      [t.functionName, 'RequestResponse'],
      [t.functionName, 'RequestResponse'],
    ]);
    const sent = invoked.map(
      (i) =>
        JSON.parse(Buffer.from(i.input.Payload as Uint8Array).toString('utf8')) as {
          Records: { s3: { object: { versionId?: string } } }[];
        },
    );
    expect(sent.map((e) => e.Records[0]?.s3.object.versionId).sort()).toEqual([
      'v-uploads/a.jpg',
      'v-uploads/bad.jpg',
    ]);
    // While a message's invocation ran, it was still in the queue (hidden, not deleted).
    for (const i of invoked)
      expect(i.depthAtInvoke.visible + i.depthAtInvoke.hidden).toBeGreaterThanOrEqual(2);
    // The failed one and the unreadable one are back, visible at once; the redriven one is gone.
    expect(await queueDepth(queueUrl)).toEqual({ visible: 2, hidden: 0 });
    expect(renderRedrive(rows, false)).toContain(
      '3 message(s): 1 redriven and deleted, 1 failed again (kept in the queue), 1 without an event (kept)',
    );
  });

  it('with --dry-run invokes nothing and leaves every message; with --max handles that many', async () => {
    const t = target();
    const queueUrl = await failureQueue(t.functionName, t.failureQueueName, [
      'uploads/1.png',
      'uploads/2.png',
      'uploads/3.png',
    ]);
    const invoked: Invoked[] = [];
    const invoker = lambdaInvoker(standInLambda(queueUrl, invoked), t.functionName);
    const listed = await redrive({ sqs, queueUrl, invoker, dryRun: true, visibilitySeconds: 60 });
    expect(listed.map((r) => r.result)).toEqual(['would redrive', 'would redrive', 'would redrive']);
    expect(invoked).toEqual([]);
    expect(await queueDepth(queueUrl)).toEqual({ visible: 3, hidden: 0 });
    const one = await redrive({ sqs, queueUrl, invoker, dryRun: false, max: 1, visibilitySeconds: 60 });
    expect(one.map((r) => r.result)).toEqual(['redriven']);
    expect(await queueDepth(queueUrl)).toEqual({ visible: 2, hidden: 0 });
  });

  it('says so when the environment has no such failure queue (the stack is not deployed there)', async () => {
    // The AWS path's clients take the emulator from AWS_ENDPOINT_URL, as the SDK does; no dev stack is deployed in it.
    const context = await operationsContext('dev', 'etl');
    await expect(failureQueueUrl(context)).rejects.toThrow(DeploymentReadError);
    await expect(failureQueueUrl(context)).rejects.toThrow(
      /there is no queue pipeline-dev-etl-failures on AWS dev/,
    );
  });
});
