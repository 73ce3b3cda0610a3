import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeployedFunction, InvocationResult } from '@pipeline/cloud-emulator';
import { queueUrlOfArn } from './failure-queue.js';

/** The function's deployed event invoke config (GetFunctionEventInvokeConfig). */
export interface AsyncInvokeConfig {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeSeconds: number;
  /** SQS queue ARN of the on-failure destination, when one is deployed. */
  readonly onFailureDestination: string | undefined;
}

export interface AsyncInvocation {
  readonly attempts: readonly InvocationResult[];
  readonly succeeded: boolean;
  /** The message sent to the failure destination, when every attempt failed. */
  readonly failureRecord: FailureDestinationRecord | undefined;
  readonly failureMessageId: string | undefined;
}

/** Lambda's on-failure destination record for an asynchronous invocation (version 1.0). */
export interface FailureDestinationRecord {
  readonly version: '1.0';
  readonly timestamp: string;
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: 'RetriesExhausted' | 'EventAgeExceeded';
    readonly approximateInvokeCount: number;
  };
  readonly requestPayload: unknown;
  readonly responseContext: {
    readonly statusCode: 200;
    readonly executedVersion: '$LATEST';
    readonly functionError: 'Unhandled';
  };
  readonly responsePayload: {
    readonly errorType: string;
    readonly errorMessage: string;
    readonly trace: readonly string[];
  };
}

export interface AsyncInvokeDependencies {
  readonly sqs: SQSClient;
  /**
   * Lambda waits about a minute, then two, between retries; locally the waits are scaled down to
   * this many milliseconds (doubling) so a demo finishes in seconds.
   */
  readonly retryDelayMs: number;
  /** Runs attempt number `attempt` (0 first) of the invocation. */
  readonly invoke: (attempt: number) => Promise<InvocationResult>;
}

/** Invokes as Lambda's asynchronous invocation does: retries as deployed, then the failure destination. */
export async function invokeAsync(
  fn: DeployedFunction,
  config: AsyncInvokeConfig,
  event: unknown,
  deps: AsyncInvokeDependencies,
): Promise<AsyncInvocation> {
  const attempts: InvocationResult[] = [];
  const firstRequestId = { value: '' };
  for (let attempt = 0; attempt <= config.maximumRetryAttempts; attempt++) {
    if (attempt > 0) await sleep(deps.retryDelayMs * 2 ** (attempt - 1));
    const result = await deps.invoke(attempt);
    if (attempt === 0) firstRequestId.value = result.requestId;
    attempts.push(result);
    if (result.ok)
      return { attempts, succeeded: true, failureRecord: undefined, failureMessageId: undefined };
  }
  const last = attempts[attempts.length - 1];
  if (last === undefined || last.ok) throw new Error('unreachable: no failed attempt recorded');
  const record: FailureDestinationRecord = {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: firstRequestId.value,
      functionArn: `${fn.arn}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: attempts.length,
    },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: last.errorType, errorMessage: last.errorMessage, trace: last.stackTrace },
  };
  if (config.onFailureDestination === undefined)
    return { attempts, succeeded: false, failureRecord: record, failureMessageId: undefined };
  const QueueUrl = await queueUrlOfArn(deps.sqs, config.onFailureDestination);
  const sent = await deps.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(record) }));
  return { attempts, succeeded: false, failureRecord: record, failureMessageId: sent.MessageId };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
