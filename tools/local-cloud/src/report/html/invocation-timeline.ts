/**
 * The invocations of a run, in time: when each attempt started and ended, in which function, whether
 * it paid a cold start, which attempt of its delivery it was, and whether it failed. Recorded through
 * the runtime's `onInvocation` listener (function-runtime.ts), told of every invocation as it ends.
 */
import type { WarmInvocationResult } from '@pipeline/cloud-emulator';
import type { LocalFunction } from '../../deploy/deployment.js';
import type { InvocationListener } from '../../run/function-runtime.js';

/** One invocation attempt, in ms since the recorder started. */
export interface InvocationSpan {
  readonly pipeline: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly coldStart: boolean;
  /** 0 for a delivery's first attempt, 1 and more for Lambda's retries of the same event. */
  readonly attempt: number;
  readonly ok: boolean;
}

export class InvocationTimeline {
  private readonly spans: InvocationSpan[] = [];
  /**
   * Attempts seen per event: the delivery hands every retry the same event object (event-delivery.ts),
   * and a duplicate delivery gets its own, so the object's identity tells the attempt.
   */
  private readonly attempts = new WeakMap<object, number>();

  constructor(private readonly origin = Date.now()) {}

  /** The runtime's listener (`onInvocation`). */
  readonly record = (fn: LocalFunction, event: unknown, result: WarmInvocationResult): void => {
    const endMs = Date.now() - this.origin;
    let attempt = 0;
    if (typeof event === 'object' && event !== null) {
      attempt = this.attempts.get(event) ?? 0;
      this.attempts.set(event, attempt + 1);
    }
    this.spans.push({
      pipeline: fn.pipeline,
      startMs: Math.max(0, endMs - result.durationMs),
      endMs,
      coldStart: result.coldStart,
      attempt,
      ok: result.ok,
    });
  };

  /** Every attempt so far, in the order they ended. */
  all(): readonly InvocationSpan[] {
    return this.spans;
  }
}

/** One listener that tells each of `listeners` (the absent ones left out). */
export function bothListeners(...listeners: readonly (InvocationListener | undefined)[]): InvocationListener {
  return (fn, event, result) => {
    for (const listener of listeners) listener?.(fn, event, result);
  };
}
