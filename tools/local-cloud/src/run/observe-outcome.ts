import { CloudWatchLogsClient, paginateFilterLogEvents } from '@aws-sdk/client-cloudwatch-logs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { LocalFunction } from '../deploy/deployment.js';
import type { InvocationResult } from '@pipeline/cloud-emulator';
import { peekMessages, queueUrlOfArn } from './failure-queue.js';
import type { NewObject } from './object-watcher.js';

/**
 * Where the emulator runs the functions itself (LocalStack), the runner does not invoke them: it
 * watches their CloudWatch log group for the outcome line the handler logs for the object, and the
 * failure queue for a failure record about it, until the deadline.
 */
export interface OutcomeObserver {
  observe(fn: LocalFunction, object: NewObject, deadline: number): Promise<ObservedOutcome>;
}

type ObservedOutcome =
  | { readonly kind: 'logged'; readonly invocation: InvocationResult }
  | { readonly kind: 'failed'; readonly invocation: InvocationResult; readonly failureMessageId: string }
  | { readonly kind: 'none' };

const POLL_MS = 1_000;

export function cloudWatchObserver(
  logs: CloudWatchLogsClient,
  sqs: SQSClient,
  startTime: number,
): OutcomeObserver {
  return {
    async observe(fn, object, deadline) {
      const queueArn = fn.asyncConfig.onFailureDestination;
      const failureQueue = queueArn === undefined ? undefined : await queueUrlOfArn(sqs, queueArn);
      while (Date.now() < deadline) {
        const lines = await logLinesAbout(logs, fn.fn.name, object.key, startTime);
        if (lines.length > 0)
          return {
            kind: 'logged',
            invocation: { ok: true, requestId: 'observed', result: null, logs: lines, durationMs: 0 },
          };
        const failure = await failureAbout(sqs, failureQueue, object.key);
        if (failure !== undefined) {
          const invocation: InvocationResult = {
            ok: false,
            requestId: 'observed',
            errorType: failure.errorType,
            errorMessage: failure.errorMessage,
            stackTrace: [],
            logs: [],
            durationMs: 0,
          };
          return { kind: 'failed', invocation, failureMessageId: failure.messageId };
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      return { kind: 'none' };
    },
  };
}

async function logLinesAbout(
  logs: CloudWatchLogsClient,
  functionName: string,
  key: string,
  startTime: number,
): Promise<string[]> {
  const found: string[] = [];
  const pages = paginateFilterLogEvents(
    { client: logs },
    { logGroupName: `/aws/lambda/${functionName}`, startTime },
  );
  try {
    for await (const page of pages) {
      for (const event of page.events ?? []) {
        const message = event.message?.trim() ?? '';
        if (
          message.startsWith('{') &&
          message.includes('"outcome"') &&
          message.includes(JSON.stringify(key).slice(1, -1))
        )
          found.push(message);
      }
    }
  } catch {
    // The log group appears with the function's first log line: until then there is nothing to find.
  }
  return found;
}

async function failureAbout(
  sqs: SQSClient,
  queueUrl: string | undefined,
  key: string,
): Promise<{ messageId: string; errorType: string; errorMessage: string } | undefined> {
  if (queueUrl === undefined) return undefined;
  for (const message of await peekMessages(sqs, queueUrl)) {
    const body = message.Body ?? '';
    if (!body.includes(key) && !body.includes(encodeURIComponent(key))) continue;
    const parsed = JSON.parse(body) as { responsePayload?: { errorType?: string; errorMessage?: string } };
    return {
      messageId: message.MessageId ?? '',
      errorType: parsed.responsePayload?.errorType ?? 'Error',
      errorMessage: parsed.responsePayload?.errorMessage ?? 'failed',
    };
  }
  return undefined;
}
