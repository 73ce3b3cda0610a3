import { DeploymentReadError } from '../errors.js';
import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** The URL of an SQS queue named by its ARN (a failure destination is deployed as an ARN). */
export async function queueUrlOfArn(sqs: SQSClient, queueArn: string): Promise<string> {
  const queueName = queueNameOfArn(queueArn);
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  if (QueueUrl === undefined) throw new DeploymentReadError(`no queue URL for ${queueArn}`);
  return QueueUrl;
}

/** `arn:aws:sqs:region:account:name` -> `name`. */
export function queueNameOfArn(queueArn: string): string {
  return queueArn.slice(queueArn.lastIndexOf(':') + 1);
}

/**
 * Up to ten messages of a queue, left in it (visibility 0): the runner only looks at failure
 * destinations, it does not consume what their owners handle.
 */
export async function peekMessages(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
  );
  return Messages;
}

/**
 * Every message of a queue, left in it: received ten at a time with a visibility timeout (so each
 * is seen once), then made visible again at once.
 */
export async function allMessages(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const seen = new Map<string, Message>();
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 120 }),
    );
    const fresh = Messages.filter((m) => m.MessageId !== undefined && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const message of fresh) seen.set(message.MessageId as string, message);
  }
  const handles = [...seen.values()].filter((m) => m.ReceiptHandle !== undefined);
  for (let i = 0; i < handles.length; i += 10) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: handles.slice(i, i + 10).map((m, n) => ({
          Id: String(n),
          ReceiptHandle: m.ReceiptHandle as string,
          VisibilityTimeout: 0,
        })),
      }),
    );
  }
  return [...seen.values()];
}
