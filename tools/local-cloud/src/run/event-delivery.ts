import type { SQSClient } from '@aws-sdk/client-sqs';
import type { OutcomeKind, OutcomeMeasures, WrittenObject } from '@pipeline/lambda-kit';
import { s3EventRecord, type InvocationResult } from '@pipeline/cloud-emulator';
import { invokeAsync, type AsyncInvocation } from './async-invoke.js';
import { eventLabel, type DeliveryRules } from './chaos.js';
import type { Deployment, LocalFunction } from '../deploy/deployment.js';
import { DeploymentReadError } from '../errors.js';
import type { FrontDoor } from './front-door.js';
import type { FunctionRuntime } from './function-runtime.js';
import { matchingTriggers } from './notification-match.js';
import type { NewObject } from './object-watcher.js';
import type { OutcomeObserver } from './observe-outcome.js';
import { reportFromLogs } from '../report/report-row.js';
import { Slots } from './slots.js';

/**
 * Why an event was delivered: its upload, a duplicate of it, a second upload of its key, the key's
 * deletion (chaos's removals), or its upload again after that.
 */
export type DeliveryCause = 'upload' | 'duplicate' | 'reupload' | 'remove' | 'restore';

/** One delivered event as one pipeline handled it, after its retries. */
export interface DeliveryResult {
  readonly bucket: string;
  readonly key: string;
  /** The version and ETag the event named. */
  readonly versionId: string | undefined;
  readonly eTag: string;
  readonly cause: DeliveryCause;
  readonly pipeline: string;
  readonly functionName: string;
  readonly outcome: OutcomeKind;
  readonly detail: string;
  readonly code: string | undefined;
  readonly outputs: readonly WrittenObject[];
  /** The outcome record's counts, when it has any (the HTML report's rows read, written, rejected). */
  readonly measures?: OutcomeMeasures;
  readonly attempts: number;
  /** Attempts that started a new execution environment. */
  readonly coldStarts: number;
  readonly durationMs: number;
  readonly failureMessageId: string | undefined;
}

export interface EventDeliveryOptions {
  readonly deployment: Deployment;
  readonly sqs: SQSClient;
  /** Invocations running at once (the machine's cores, not Lambda's scale). */
  readonly concurrency: number;
  readonly retryDelayMs: number;
  /** The functions' warm environments; absent where the emulator runs the functions itself. */
  readonly runtime?: FunctionRuntime;
  /** Chaos or calm: what happens to each event and attempt. */
  readonly rules: DeliveryRules;
  /** Where attempts' transient faults are injected. */
  readonly frontDoor?: FrontDoor;
  readonly onResult?: (result: DeliveryResult) => void;
  /** Called once for each key whose plan says so, while its first event is in flight. */
  readonly onReupload?: (object: NewObject) => void;
  /** Set where the emulator runs the functions itself (LocalStack): outcomes are observed, not invoked. */
  readonly observer?: { readonly outcomes: OutcomeObserver; readonly timeoutMs: number };
}

let sequence = 0;
/** S3's sequencer: hex, growing with each event the runner makes. */
function nextSequencer(): string {
  return (++sequence).toString(16).toUpperCase().padStart(16, '0');
}

/**
 * Delivers S3 events to the deployed functions as S3 and Lambda would: each object is matched
 * against the deployed notification configuration, and each match becomes an asynchronous
 * invocation with the deployed retries and failure destination, run in the function's warm
 * environments. Under chaos, events come late, twice, or beside a second upload of their key.
 */
export class EventDelivery {
  private readonly slots: Slots;
  private scheduled = 0;
  private idle: Array<() => void> = [];
  readonly results: DeliveryResult[] = [];

  constructor(private readonly options: EventDeliveryOptions) {
    this.slots = new Slots(options.concurrency);
  }

  /** Schedules the events `object` causes; returns how many deliveries that makes (duplicates included). */
  deliver(object: NewObject, cause: DeliveryCause = 'upload'): number {
    const { deployment, rules } = this.options;
    const triggers = matchingTriggers(deployment.triggers, object.bucket, object.key, object.eventName);
    const reupload = cause === 'upload' && rules.input(`${object.bucket}/${object.key}`).reupload;
    let count = 0;
    // S3 numbers the event when the object changes, not when it is delivered: a late event keeps its
    // place, and a duplicate is the same event (the catalog's conditional write relies on both).
    const sequencer = nextSequencer();
    triggers.forEach((trigger, index) => {
      const fn = deployment.functions.get(trigger.functionArn);
      if (fn === undefined) throw new DeploymentReadError(`no deployed function for ${trigger.functionArn}`);
      const plan = rules.input(eventLabel(fn.fn.name, object));
      const onStart = reupload && index === 0 ? () => this.options.onReupload?.(object) : undefined;
      this.schedule(plan.lateByMs, () => this.run(object, fn, cause, sequencer, onStart));
      count++;
      if (plan.duplicateAfterMs !== undefined) {
        this.schedule(plan.lateByMs + plan.duplicateAfterMs, () =>
          this.run(object, fn, 'duplicate', sequencer),
        );
        count++;
      }
    });
    return count;
  }

  /** Deliveries scheduled and not yet ended. */
  get pending(): number {
    return this.scheduled;
  }

  get busy(): boolean {
    return this.scheduled > 0;
  }

  /** Waits until every scheduled delivery has ended (including those scheduled meanwhile). */
  drain(): Promise<void> {
    if (this.scheduled === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(delayMs: number, task: () => Promise<void>): void {
    this.scheduled++;
    const run = (): void =>
      void task().finally(() => {
        if (--this.scheduled === 0) this.idle.splice(0).forEach((resolve) => resolve());
      });
    if (delayMs > 0) setTimeout(run, delayMs);
    else run();
  }

  private async run(
    object: NewObject,
    fn: LocalFunction,
    cause: DeliveryCause,
    sequencer: string,
    onStart?: () => void,
  ): Promise<void> {
    const observer = this.options.observer;
    const invocation =
      observer === undefined
        ? await this.invoke(object, fn, cause, sequencer, onStart)
        : await observe(object, fn, observer);
    if (invocation === undefined) return; // nothing observed: the run reports the input as missing
    const result = toResult(object, fn, cause, invocation);
    this.results.push(result);
    this.options.onResult?.(result);
  }

  private invoke(
    object: NewObject,
    fn: LocalFunction,
    cause: DeliveryCause,
    sequencer: string,
    onStart?: () => void,
  ): Promise<AsyncInvocation> {
    const runtime = this.options.runtime;
    if (runtime === undefined) throw new Error('the runner invokes functions only with their environments');
    const event = {
      Records: [
        s3EventRecord({
          ...object,
          region: fn.fn.region,
          configurationId: `${fn.fn.name}-trigger`,
          sequencer,
        }),
      ],
    };
    const deliveryId = `${eventLabel(fn.fn.name, object)}#${cause}`;
    const attempt = (n: number): Promise<InvocationResult> =>
      this.slots.run(async () => {
        if (n === 0) onStart?.();
        const plan = this.options.rules.attempt(deliveryId, n);
        const release = plan.transientFault
          ? this.options.frontDoor?.fail(object.bucket, object.key, fn.fn.name)
          : undefined;
        try {
          return await runtime.workers(fn).invoke(event, { crashAfterMs: plan.crashAfterMs });
        } finally {
          release?.();
        }
      });
    return invokeAsync(fn.fn, fn.asyncConfig, event, {
      sqs: this.options.sqs,
      retryDelayMs: this.options.retryDelayMs,
      invoke: attempt,
    });
  }
}

/** Where the emulator runs the function itself: its outcome as observed, shaped like an invocation. */
async function observe(
  object: NewObject,
  fn: LocalFunction,
  observer: NonNullable<EventDeliveryOptions['observer']>,
): Promise<AsyncInvocation | undefined> {
  const seen = await observer.outcomes.observe(fn, object, Date.now() + observer.timeoutMs);
  if (seen.kind === 'none') return undefined;
  return {
    attempts: [seen.invocation],
    succeeded: seen.kind === 'logged',
    failureRecord: undefined,
    failureMessageId: seen.kind === 'failed' ? seen.failureMessageId : undefined,
  };
}

function toResult(
  object: NewObject,
  fn: LocalFunction,
  cause: DeliveryCause,
  invocation: AsyncInvocation,
): DeliveryResult {
  const last = invocation.attempts[invocation.attempts.length - 1];
  const report = last === undefined ? undefined : reportFromLogs(last, object.bucket, object.key);
  // An invocation that logged no outcome record for the object did not handle it: failed, never written.
  const failed = !invocation.succeeded || report === undefined;
  return {
    bucket: object.bucket,
    key: object.key,
    versionId: object.versionId,
    eTag: object.eTag,
    cause,
    pipeline: fn.pipeline,
    functionName: fn.fn.name,
    outcome: failed ? 'failed' : report.outcome,
    detail: failed
      ? last !== undefined && !last.ok
        ? `${last.errorType}: ${last.errorMessage}`
        : 'no outcome record logged for the object'
      : report.detail,
    code: failed && last !== undefined && !last.ok ? (report?.code ?? last.errorType) : report?.code,
    outputs: report?.outputs ?? [],
    ...(report?.measures === undefined ? {} : { measures: report.measures }),
    attempts: invocation.attempts.length,
    coldStarts: invocation.attempts.filter((a) => (a as { coldStart?: boolean }).coldStart === true).length,
    durationMs: invocation.attempts.reduce((sum, a) => sum + a.durationMs, 0),
    failureMessageId: invocation.failureMessageId,
  };
}
