import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { cleanupTestBuckets, emulatorEndpoint, testSqsClient, uniqueName } from '@pipeline/testing';
import type { LocalFunction } from '../../src/deploy/deployment.js';
import type { NewObject } from '../../src/run/object-watcher.js';
import { cloudWatchObserver } from '../../src/run/observe-outcome.js';
import { reportFromLogs } from '../../src/report/report-row.js';
import { copyHandlerRun, type HandlerRun } from '../support/handler-lines.js';

let run: HandlerRun;
beforeAll(async () => {
  run = await copyHandlerRun();
}, 60_000);
afterAll(() => cleanupTestBuckets());

// Where LocalStack runs the functions, the runner reads their outcomes from CloudWatch Logs and the
// failure queue; moto serves both APIs, so the observer is tested against real ones here.
const logs = new CloudWatchLogsClient({ endpoint: emulatorEndpoint(), region: 'us-east-1' });
const sqs = testSqsClient();

async function setUp(): Promise<{ fn: LocalFunction; queueUrl: string }> {
  const name = uniqueName('observed-fn');
  await logs.send(new CreateLogGroupCommand({ logGroupName: `/aws/lambda/${name}` }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: `/aws/lambda/${name}`, logStreamName: 's1' }));
  const queueUrl =
    (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('observed-failures') }))).QueueUrl ?? '';
  const queueArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes?.QueueArn;
  const fn: LocalFunction = {
    pipeline: 'copy',
    artifactPath: '',
    codeSha256: '',
    reservedConcurrency: undefined,
    roleArn: undefined,
    asyncConfig: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 60, onFailureDestination: queueArn },
    fn: {
      name,
      arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
      handler: 'index.handler',
      codeDir: '',
      memoryMb: 128,
      timeoutSeconds: 3,
      environment: {},
      region: 'us-east-1',
    },
  };
  return { fn, queueUrl };
}

const object = (key: string): NewObject => ({
  bucket: 'ingest',
  key,
  versionId: undefined,
  eTag: 'e',
  size: 1,
  eventName: 'ObjectCreated:Put',
});

describe('observing outcomes where the emulator runs the functions', () => {
  it('finds the outcome line the handler logged for the key', async () => {
    const { fn } = await setUp();
    const started = Date.now() - 1_000;
    // The lines a real handler run wrote, as Lambda would have shipped them to the log group.
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: `/aws/lambda/${fn.fn.name}`,
        logStreamName: 's1',
        logEvents: run.logs.map((message) => ({ timestamp: Date.now(), message })),
      }),
    );
    const seen = await cloudWatchObserver(logs, sqs, started).observe(
      fn,
      { ...object('in/a b.txt'), bucket: run.source },
      Date.now() + 10_000,
    );
    expect(seen.kind).toBe('logged');
    if (seen.kind !== 'logged') return;
    expect(reportFromLogs(seen.invocation, run.source, 'in/a b.txt')).toMatchObject({
      outcome: 'written',
      outputs: [{ bucket: run.destination, key: 'out/a b.txt', bytes: 5 }],
    });
  });

  it('finds a failure record about the key in the failure queue', async () => {
    const { fn, queueUrl } = await setUp();
    const record = {
      requestContext: { condition: 'RetriesExhausted' },
      requestPayload: { Records: [{ s3: { object: { key: 'incoming/x.txt' } } }] },
      responsePayload: { errorType: 'TransientError', errorMessage: 'socket hang up' },
    };
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(record) }));
    const seen = await cloudWatchObserver(logs, sqs, Date.now()).observe(
      fn,
      object('incoming/x.txt'),
      Date.now() + 10_000,
    );
    expect(seen).toMatchObject({ kind: 'failed', invocation: { ok: false, errorType: 'TransientError' } });
  });

  it('gives up at the deadline when nothing is seen', async () => {
    const { fn } = await setUp();
    const seen = await cloudWatchObserver(logs, sqs, Date.now()).observe(
      fn,
      object('nothing/here'),
      Date.now() + 1_500,
    );
    expect(seen).toEqual({ kind: 'none' });
  });
});
