/** Polls for each input's outcome record until all have one or the deadline passes. */
import type { ObjectOutcome } from '@pipeline/lambda-kit';

/** The outcome record of a source key, once its function logged one. */
export type FindOutcome = (functionName: string, key: string) => Promise<ObjectOutcome | undefined>;

export interface WaitOptions {
  /** Epoch milliseconds. */
  readonly deadline: number;
  readonly pollMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The outcome per key (undefined where none came in time), polling only those still missing. */
export async function waitForOutcomes(
  inputs: readonly { readonly functionName: string; readonly key: string }[],
  find: FindOutcome,
  options: WaitOptions,
): Promise<Map<string, ObjectOutcome | undefined>> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const found = new Map<string, ObjectOutcome | undefined>(inputs.map((i) => [i.key, undefined]));
  for (;;) {
    for (const input of inputs.filter((i) => found.get(i.key) === undefined))
      found.set(input.key, await find(input.functionName, input.key));
    if ([...found.values()].every((o) => o !== undefined) || now() >= options.deadline) return found;
    await sleep(Math.min(options.pollMs ?? 5_000, Math.max(0, options.deadline - now())));
  }
}
