/**
 * `pnpm redrive`: invokes a pipeline's function again with the original event of every record in
 * its failure queue, and deletes a record only after its invocation succeeded. A record whose
 * invocation fails again, or that holds no event, stays in the queue (visible again at the end of
 * the run). Each message is received once per run: it stays invisible while it is handled.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { readFailureMessage } from './failure-record.js';
import { outcomeSummary, type FunctionInvoker } from './invoker.js';

/** What happened to one message. */
type RedriveResult = 'redriven' | 'failed again' | 'unreadable' | 'would redrive';

export interface RedriveRow {
  readonly messageId: string;
  readonly inputs: string;
  /** How the original invocation ended: the condition, the attempts and the last error. */
  readonly originally: string;
  readonly result: RedriveResult;
  /** The outcomes the function returned, or its error. */
  readonly detail: string;
}

export interface RedriveOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly invoker: FunctionInvoker;
  /** List what would be redriven; invoke nothing, delete nothing. */
  readonly dryRun: boolean;
  /** Handle at most this many messages. @default every message */
  readonly max?: number;
  /** How long a received message stays hidden from others: longer than an invocation. */
  readonly visibilitySeconds: number;
  readonly onRow?: (row: RedriveRow) => void;
  /** Stops the run between messages (Ctrl-C): the messages not yet redriven stay queued, visible again. */
  readonly signal?: AbortSignal;
}

/** Redrives the queue; returns one row per message handled, in the order handled. */
export async function redrive(options: RedriveOptions): Promise<RedriveRow[]> {
  const max = options.max ?? Infinity;
  const rows: RedriveRow[] = [];
  const seen = new Set<string>();
  const keep: Message[] = [];
  try {
    while (rows.length < max && !stopped(options)) {
      const batch = await receive(options, Math.min(10, max - rows.length));
      const fresh = batch.filter((m) => m.MessageId !== undefined && !seen.has(m.MessageId));
      if (fresh.length === 0) break;
      for (const message of fresh) {
        if (rows.length >= max || stopped(options)) {
          keep.push(message);
          continue;
        }
        seen.add(message.MessageId as string);
        const row = await handle(message, options);
        if (row.result !== 'redriven') keep.push(message);
        rows.push(row);
        options.onRow?.(row);
      }
    }
  } finally {
    await makeVisible(options, keep);
  }
  return rows;
}

const stopped = (options: RedriveOptions): boolean => options.signal?.aborted === true;

async function receive(options: RedriveOptions, count: number): Promise<Message[]> {
  const { Messages = [] } = await options.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: options.queueUrl,
      MaxNumberOfMessages: count,
      VisibilityTimeout: options.visibilitySeconds,
      WaitTimeSeconds: 0,
    }),
  );
  return Messages;
}

async function handle(message: Message, options: RedriveOptions): Promise<RedriveRow> {
  const failed = readFailureMessage(message.Body);
  const messageId = message.MessageId as string;
  if (failed === undefined)
    return {
      messageId,
      inputs: '-',
      originally: '-',
      result: 'unreadable',
      detail: 'no original event in the message',
    };
  const originally = [
    failed.condition,
    failed.attempts === undefined ? undefined : `${failed.attempts} attempt(s)`,
    failed.lastError,
  ]
    .filter((part) => part !== undefined)
    .join('; ');
  const row = { messageId, inputs: failed.inputs, originally };
  if (options.dryRun) return { ...row, result: 'would redrive', detail: '' };
  let answer;
  try {
    answer = await options.invoker.invoke(failed.event);
  } catch (error) {
    // The invocation itself was refused (throttled, no such function): the message stays.
    return {
      ...row,
      result: 'failed again',
      detail: `${(error as Error).name}: ${(error as Error).message}`,
    };
  }
  if (!answer.ok)
    return { ...row, result: 'failed again', detail: `${answer.errorType}: ${answer.errorMessage}` };
  await options.sqs.send(
    new DeleteMessageCommand({ QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle }),
  );
  return { ...row, result: 'redriven', detail: outcomeSummary(answer.payload) || 'succeeded' };
}

/** Messages left in the queue are made visible again at once (not after the visibility timeout). */
async function makeVisible(options: RedriveOptions, messages: readonly Message[]): Promise<void> {
  for (const message of messages)
    await options.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: options.queueUrl,
        ReceiptHandle: message.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
}
