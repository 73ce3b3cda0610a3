/**
 * Polls for each input's outcome until all have a final one or the deadline passes. A failure is not
 * final while the deadline allows: Lambda retries it, and a retry may still write.
 */
import type { SmokeOutcome } from './smoke-checks.js';

/** An uploaded input, as the outcome is looked up: its function and pipeline, its key and the version uploaded. */
export interface OutcomeQuery {
  readonly pipeline: string;
  readonly functionName: string;
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
}

/** The outcome of the uploaded version of a source key, once there is one. */
export type FindOutcome = (query: OutcomeQuery) => Promise<SmokeOutcome | undefined>;

export interface WaitOptions {
  /** Epoch milliseconds. */
  readonly deadline: number;
  readonly pollMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The outcome per key (undefined where none came in time), polling only those still missing. */
export async function waitForOutcomes(
  inputs: readonly OutcomeQuery[],
  find: FindOutcome,
  options: WaitOptions,
): Promise<Map<string, SmokeOutcome | undefined>> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const found = new Map<string, SmokeOutcome | undefined>(inputs.map((i) => [i.key, undefined]));
  const final = (o: SmokeOutcome | undefined): boolean => o !== undefined && o.kind !== 'failed';
  for (;;) {
    for (const input of inputs.filter((i) => !final(found.get(i.key))))
      found.set(input.key, (await find(input)) ?? found.get(input.key));
    if ([...found.values()].every(final) || now() >= options.deadline) return found;
    await sleep(Math.min(options.pollMs ?? 5_000, Math.max(0, options.deadline - now())));
  }
}
