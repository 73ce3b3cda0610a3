/**
 * The local cloud's side: the deployed function in the runner's own warm environments, its S3
 * requests through the runner's front door (where `--inject-fault` makes S3 unreachable for some
 * keys), and, for deliveries, Lambda's asynchronous invocation as the runner does it (the deployed
 * retries, then a record in the deployed failure queue).
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { FunctionWorkers } from '@pipeline/cloud-emulator';
import { invokeAsync } from '../run/async-invoke.js';
import type { LocalFunction } from '../deploy/deployment.js';
import { openFrontDoor, type FrontDoor } from '../run/front-door.js';
import { outcomeSummary, type DeliveryAnswer, type EventDeliverer, type FunctionInvoker } from './invoker.js';

export interface LocalRunOptions {
  /** The emulator's endpoint. */
  readonly endpoint: string;
  /** S3 is unreachable for the function on keys containing this marker (as `pnpm start --inject-fault`). */
  readonly injectFault?: string;
  /** Environments at once (capped by the function's reserved concurrency). @default 1 */
  readonly concurrency?: number;
}

interface LocalRun {
  readonly workers: FunctionWorkers;
  readonly frontDoor: FrontDoor;
  close(): Promise<void>;
}

async function openLocalRun(fn: LocalFunction, options: LocalRunOptions): Promise<LocalRun> {
  const frontDoor = await openFrontDoor({ target: options.endpoint, unreachableMarker: options.injectFault });
  const workers = new FunctionWorkers(fn.fn, {
    endpoint: frontDoor.endpoint,
    maxWorkers: Math.max(1, Math.min(options.concurrency ?? 1, fn.reservedConcurrency ?? Infinity)),
  });
  return {
    workers,
    frontDoor,
    async close() {
      await workers.close();
      await frontDoor.close();
    },
  };
}

/** Invokes the deployed function once per call, in a warm environment, and answers what it returned. */
export async function localInvoker(fn: LocalFunction, options: LocalRunOptions): Promise<FunctionInvoker> {
  const run = await openLocalRun(fn, options);
  return {
    async invoke(event) {
      const result = await run.workers.invoke(event);
      return result.ok
        ? { ok: true, payload: result.result }
        : { ok: false, errorType: result.errorType, errorMessage: result.errorMessage };
    },
    close: () => run.close(),
  };
}

/**
 * Delivers each event as an asynchronous invocation of the deployed function: retried as deployed,
 * then recorded in its failure queue. Resolves when the invocation has ended (so the caller can
 * count what came of it); a delivery whose invocations all failed is still accepted, as Lambda's is.
 */
export async function localDeliverer(
  fn: LocalFunction,
  sqs: SQSClient,
  options: LocalRunOptions & { readonly retryDelayMs?: number },
): Promise<EventDeliverer> {
  const run = await openLocalRun(fn, options);
  return {
    async deliver(event): Promise<DeliveryAnswer> {
      const invocation = await invokeAsync(fn.fn, fn.asyncConfig, event, {
        sqs,
        retryDelayMs: options.retryDelayMs ?? 200,
        invoke: () => run.workers.invoke(event),
      });
      const last = invocation.attempts[invocation.attempts.length - 1];
      const outcome = invocation.succeeded
        ? outcomeSummary(last?.ok === true ? last.result : undefined)
        : `failed after ${invocation.attempts.length} attempt(s); in the failure queue`;
      return { accepted: true, outcome };
    },
    close: () => run.close(),
  };
}
