/**
 * What a failure queue holds: Lambda's on-failure destination records for asynchronous invocations
 * (version 1.0: the original event under `requestPayload`, why it ended under `requestContext`, the
 * last error under `responsePayload`). A body that is an S3 event itself (a dead-letter queue's
 * message) is read as its own event. Anything else cannot be redriven and stays in the queue.
 */
import { inputOf } from '../run/event-objects.js';

/** A failure-queue message read back: the event to invoke the function with again, and why it failed. */
export interface FailedInvocation {
  readonly event: unknown;
  /** The objects the event names (`s3://bucket/key`). */
  readonly inputs: string;
  /** `RetriesExhausted`, `EventAgeExceeded`, or `dead-letter` for a bare event. */
  readonly condition: string;
  readonly attempts: number | undefined;
  /** The last error Lambda recorded, `errorType: errorMessage`. */
  readonly lastError: string | undefined;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lastErrorOf(record: Json): string | undefined {
  const response = record['responsePayload'];
  if (!isObject(response)) return undefined;
  const type = typeof response['errorType'] === 'string' ? response['errorType'] : 'Error';
  return typeof response['errorMessage'] === 'string' ? `${type}: ${response['errorMessage']}` : type;
}

/** The failed invocation a message body describes, or undefined when it describes none. */
export function readFailureMessage(body: string | undefined): FailedInvocation | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  if (Array.isArray(parsed['Records']))
    return {
      event: parsed,
      inputs: inputOf(parsed),
      condition: 'dead-letter',
      attempts: undefined,
      lastError: undefined,
    };
  const context = parsed['requestContext'];
  if (!('requestPayload' in parsed) || !isObject(context)) return undefined;
  const event = parsed['requestPayload'];
  return {
    event,
    inputs: inputOf(event),
    condition: typeof context['condition'] === 'string' ? context['condition'] : 'unknown',
    attempts:
      typeof context['approximateInvokeCount'] === 'number' ? context['approximateInvokeCount'] : undefined,
    lastError: lastErrorOf(parsed),
  };
}
