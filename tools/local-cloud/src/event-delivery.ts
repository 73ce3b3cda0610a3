import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { s3EventRecord } from '@pipeline/testing';
import { invokeAsync, type AsyncInvocation } from './async-invoke.js';
import type { Deployment, LocalFunction } from './deployment.js';
import { matchingTriggers, type LambdaTrigger } from './notification-match.js';
import { ObjectWatcher, type NewObject } from './object-watcher.js';
import type { OutcomeObserver } from './observe-outcome.js';
import type { OutcomeKind, WrittenObject } from '@pipeline/lambda-kit';
import { DeploymentReadError } from './errors.js';
import { reportFromLogs } from './report-row.js';

/** One row of the final table: an input object as one pipeline handled it. */
export interface DeliveryResult {
  readonly bucket: string;
  readonly key: string;
  readonly pipeline: string;
  readonly functionName: string;
  readonly outcome: OutcomeKind;
  readonly detail: string;
  readonly code: string | undefined;
  readonly outputs: readonly WrittenObject[];
  readonly attempts: number;
  readonly durationMs: number;
  readonly failureMessageId: string | undefined;
}

export interface EventDeliveryOptions {
  readonly deployment: Deployment;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly endpoint: string;
  /** Invocations running at once (the machine's cores, not Lambda's scale). */
  readonly concurrency: number;
  readonly retryDelayMs: number;
  /** Environment overrides for invocations on keys containing a marker (the e2e test's transient fault). */
  readonly faultInjection?: {
    readonly keyIncludes: string;
    readonly environment: Readonly<Record<string, string>>;
  };
  readonly onResult?: (result: DeliveryResult) => void;
  /** Set where the emulator runs the functions itself (LocalStack): outcomes are observed, not invoked. */
  readonly observer?: { readonly outcomes: OutcomeObserver; readonly timeoutMs: number };
}

/**
 * Delivers S3 events to the deployed functions as S3 and Lambda would: new objects in the stack's
 * buckets are matched against the deployed notification configuration, and each match becomes an
 * asynchronous invocation with the deployed retries and failure destination.
 */
export class EventDelivery {
  private readonly watcher: ObjectWatcher;
  private readonly running = new Set<Promise<void>>();
  private readonly queue: Array<() => Promise<void>> = [];
  readonly results: DeliveryResult[] = [];

  constructor(private readonly options: EventDeliveryOptions) {
    const watched = [...new Set(options.deployment.triggers.map((t) => t.bucket))];
    this.watcher = new ObjectWatcher(options.s3, watched);
  }

  baseline(): Promise<void> {
    return this.watcher.baseline();
  }

  /** Polls once, schedules an invocation for every match, and returns how many were scheduled. */
  async pollOnce(): Promise<number> {
    let scheduled = 0;
    for (const object of await this.watcher.poll()) {
      for (const trigger of matchingTriggers(
        this.options.deployment.triggers,
        object.bucket,
        object.key,
        object.eventName,
      )) {
        this.schedule(() => this.deliver(object, trigger));
        scheduled++;
      }
    }
    return scheduled;
  }

  get busy(): boolean {
    return this.running.size > 0 || this.queue.length > 0;
  }

  /** Waits for every scheduled invocation to end. */
  async drain(): Promise<void> {
    while (this.busy) await Promise.race(this.running);
  }

  private schedule(task: () => Promise<void>): void {
    this.queue.push(task);
    this.pump();
  }

  private pump(): void {
    while (this.running.size < this.options.concurrency && this.queue.length > 0) {
      const task = this.queue.shift() as () => Promise<void>;
      const run: Promise<void> = task().finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async deliver(object: NewObject, trigger: LambdaTrigger): Promise<void> {
    const fn = this.options.deployment.functions.get(trigger.functionArn);
    if (fn === undefined) throw new DeploymentReadError(`no deployed function for ${trigger.functionArn}`);
    const observer = this.options.observer;
    const invocation =
      observer === undefined ? await this.invoke(object, fn) : await observe(object, fn, observer);
    if (invocation === undefined) return; // nothing observed: the run reports the input as missing
    const result = toResult(object, fn, invocation);
    this.results.push(result);
    this.options.onResult?.(result);
  }

  private invoke(object: NewObject, fn: LocalFunction): Promise<AsyncInvocation> {
    const event = {
      Records: [s3EventRecord({ ...object, region: fn.fn.region, configurationId: `${fn.fn.name}-trigger` })],
    };
    const fault = this.options.faultInjection;
    const environmentOverrides =
      fault !== undefined && object.key.includes(fault.keyIncludes) ? fault.environment : undefined;
    return invokeAsync(
      fn.fn,
      fn.asyncConfig,
      event,
      { endpoint: this.options.endpoint, environmentOverrides },
      { sqs: this.options.sqs, retryDelayMs: this.options.retryDelayMs },
    );
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

function toResult(object: NewObject, fn: LocalFunction, invocation: AsyncInvocation): DeliveryResult {
  const last = invocation.attempts[invocation.attempts.length - 1];
  const report = last === undefined ? undefined : reportFromLogs(last, object.bucket, object.key);
  // An invocation that logged no outcome record for the object did not handle it: failed, never written.
  const failed = !invocation.succeeded || report === undefined;
  return {
    bucket: object.bucket,
    key: object.key,
    pipeline: fn.pipeline,
    functionName: fn.fn.name,
    outcome: failed ? 'failed' : report.outcome,
    detail: failed
      ? last !== undefined && !last.ok
        ? `${last.errorType}: ${last.errorMessage}`
        : 'no outcome record logged for the object'
      : report.detail,
    code: report?.code,
    outputs: report?.outputs ?? [],
    attempts: invocation.attempts.length,
    durationMs: invocation.attempts.reduce((sum, a) => sum + a.durationMs, 0),
    failureMessageId: invocation.failureMessageId,
  };
}
