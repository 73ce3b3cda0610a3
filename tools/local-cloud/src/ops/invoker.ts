/**
 * How the operations commands run a function: the same interface for AWS (lambda-invoker.ts) and
 * for the local cloud (local-invoker.ts), so redrive and reprocess never know which they drive.
 */
import type { ObjectOutcome } from '@pipeline/lambda-kit';

/** A synchronous invocation's end (Lambda's RequestResponse): what the handler returned, or its error. */
export type InvokeAnswer =
  | { readonly ok: true; readonly payload: unknown }
  | { readonly ok: false; readonly errorType: string; readonly errorMessage: string };

/** Runs the function once with an event and waits for its answer (`pnpm redrive`). */
export interface FunctionInvoker {
  invoke(event: unknown): Promise<InvokeAnswer>;
  close(): Promise<void>;
}

/** An asynchronous delivery's end: accepted (and, locally, what came of it), or refused. */
export type DeliveryAnswer =
  | { readonly accepted: true; readonly outcome?: string }
  | { readonly accepted: false; readonly error: string };

/**
 * Hands events over as S3 does (Lambda's Event invocation: the deployed retries and failure
 * destination apply), for `pnpm reprocess`. `deliver` resolves once the event is accepted.
 */
export interface EventDeliverer {
  deliver(event: unknown): Promise<DeliveryAnswer>;
  close(): Promise<void>;
}

/**
 * What a pipeline handler's `{ outcomes }` answer says, record by record: `written`,
 * `skipped (duplicate)`, `rejected (CORRUPT)`; `''` for any other answer.
 */
export function outcomeSummary(payload: unknown): string {
  const outcomes =
    typeof payload === 'object' &&
    payload !== null &&
    Array.isArray((payload as { outcomes?: unknown }).outcomes)
      ? (payload as { outcomes: Partial<ObjectOutcome>[] }).outcomes
      : [];
  return outcomes
    .filter((o) => typeof o?.kind === 'string')
    .map((o) => {
      const why =
        o.kind === 'skipped' ? o.reason : o.kind === 'rejected' || o.kind === 'failed' ? o.code : undefined;
      return why === undefined ? String(o.kind) : `${o.kind} (${why})`;
    })
    .join(', ');
}
