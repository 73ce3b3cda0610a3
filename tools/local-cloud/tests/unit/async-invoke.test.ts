import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import {
  emulatorEndpoint,
  FunctionWorkers,
  testSqsClient,
  uniqueName,
  type DeployedFunction,
} from '@pipeline/testing';
import { invokeAsync, type FailureDestinationRecord } from '../../src/run/async-invoke.js';

// A real handler on disk, run in a real warm environment: it fails whenever the event asks it to.
const codeDir = mkdtempSync(join(tmpdir(), 'async-invoke-test-'));
writeFileSync(
  join(codeDir, 'index.js'),
  `exports.handler = async (event) => {
     if (!event.fail) return 'done';
     const error = new Error('boom ' + process.env.GREETING);
     error.name = 'TransientError';
     throw error;
   };`,
);
const fn: DeployedFunction = {
  name: 'flaky-fn',
  arn: 'arn:aws:lambda:us-east-1:123456789012:function:flaky-fn',
  handler: 'index.handler',
  codeDir,
  memoryMb: 128,
  timeoutSeconds: 5,
  environment: { GREETING: 'hello' },
  region: 'us-east-1',
};

describe('invokeAsync', () => {
  const sqs = testSqsClient();
  const workers = new FunctionWorkers(fn, { endpoint: emulatorEndpoint(), maxWorkers: 1 });
  const attempts = (event: unknown) => ({ sqs, retryDelayMs: 10, invoke: () => workers.invoke(event) });
  let queueUrl = '';
  let queueArn = '';
  beforeAll(async () => {
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('failures') }))).QueueUrl ?? '';
    queueArn =
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })))
        .Attributes?.QueueArn ?? '';
  });
  afterAll(async () => {
    await workers.close();
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
  });

  it('retries as deployed, then sends a Lambda-shaped failure record to the failure destination', async () => {
    const config = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 60, onFailureDestination: queueArn };
    const outcome = await invokeAsync(fn, config, { fail: true }, attempts({ fail: true }));
    expect(outcome.succeeded).toBe(false);
    expect(outcome.attempts).toHaveLength(3);
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }),
    );
    expect(Messages).toHaveLength(1);
    const record = JSON.parse(Messages[0]?.Body ?? '{}') as FailureDestinationRecord;
    expect(record.requestContext).toMatchObject({
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
      functionArn: `${fn.arn}:$LATEST`,
    });
    expect(record.requestPayload).toEqual({ fail: true });
    expect(record.responsePayload).toMatchObject({ errorType: 'TransientError', errorMessage: 'boom hello' });
  });

  it('stops at the first success without touching the failure destination', async () => {
    const config = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 60, onFailureDestination: queueArn };
    const outcome = await invokeAsync(fn, config, { key: 'ok' }, attempts({ key: 'ok' }));
    expect(outcome).toMatchObject({ succeeded: true, failureMessageId: undefined });
    expect(outcome.attempts).toHaveLength(1);
  });
});
