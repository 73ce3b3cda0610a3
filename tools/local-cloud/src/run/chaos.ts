/**
 * `--chaos SEED`: delivery as S3 and Lambda may do it. Every decision is a hash of the seed and
 * what it is about (the input's key, a delivery's id and attempt), never a draw from a shared
 * stream, so the same seed makes the same plan whatever order the machine runs things in.
 */
import { createHash } from 'node:crypto';
import { unquotedETag } from '@pipeline/lambda-kit';

import type { ChaosRates } from './chaos-rates.js';

export { DEFAULT_CHAOS_RATES, type ChaosRates } from './chaos-rates.js';

/** What happens to one input's event. */
export interface InputPlan {
  /** Hold the event back this long before delivering it (0: on time). */
  readonly lateByMs: number;
  /** Deliver it again this long after the first delivery (none: once). */
  readonly duplicateAfterMs: number | undefined;
  /** Upload the key again while this event is in flight. */
  readonly reupload: boolean;
}

/**
 * Whether a key is deleted once its events have ended, how, and whether it is uploaded again after.
 * A versioned bucket's plain DeleteObject adds a delete marker (`ObjectRemoved:DeleteMarkerCreated`);
 * a DeleteObject of the version itself removes it for good (`ObjectRemoved:Delete`), which the plan
 * chooses only for a key with one version (no second upload), so no older version becomes current.
 */
export interface RemovalPlan {
  readonly remove: boolean;
  readonly how: 'delete-marker' | 'delete-version';
  readonly restore: boolean;
}

/** What happens to one invocation attempt. */
export interface AttemptPlan {
  readonly transientFault: boolean;
  /** Kill the environment this long into the attempt. */
  readonly crashAfterMs: number | undefined;
}

/**
 * What the decisions about one object's event for one function are keyed by: the object's key and
 * content (its ETag), never its version id, which the emulator makes up anew on every run. So a
 * seed and the same inputs make the same plan on every run, not only within one.
 */
export function eventLabel(
  functionName: string,
  object: { readonly bucket: string; readonly key: string; readonly eTag: string },
): string {
  return `${functionName}:${object.bucket}/${object.key}@${unquotedETag(object.eTag)}`;
}

const ON_TIME: InputPlan = { lateByMs: 0, duplicateAfterMs: undefined, reupload: false };
const CLEAN: AttemptPlan = { transientFault: false, crashAfterMs: undefined };
const KEPT: RemovalPlan = { remove: false, how: 'delete-marker', restore: false };

export class Chaos {
  constructor(
    readonly seed: string,
    readonly rates: ChaosRates,
  ) {
    for (const [name, rate] of Object.entries(rates))
      if (!(rate >= 0 && rate <= 1))
        throw new RangeError(`Expected a rate in 0..1 for ${name} but received ${rate}`);
  }

  /** A number in [0, 1) fixed by the seed and the labels. */
  draw(...labels: readonly (string | number)[]): number {
    const digest = createHash('sha256')
      .update(JSON.stringify([this.seed, ...labels]))
      .digest();
    return digest.readUInt32BE(0) / 2 ** 32;
  }

  /** The plan for an input's first event. */
  input(id: string): InputPlan {
    return {
      lateByMs:
        this.draw('late', id) < this.rates.late ? Math.round(500 + 2500 * this.draw('late-ms', id)) : 0,
      duplicateAfterMs:
        this.draw('duplicate', id) < this.rates.duplicate
          ? Math.round(1500 * this.draw('duplicate-ms', id))
          : undefined,
      reupload: this.draw('reupload', id) < this.rates.reupload,
    };
  }

  /** The removal plan of a key (`bucket/key`); a key uploaded twice is only ever given a delete marker. */
  removal(id: string): RemovalPlan {
    if (!(this.draw('remove', id) < this.rates.remove)) return KEPT;
    const twice = this.input(id).reupload;
    return {
      remove: true,
      how: !twice && this.draw('remove-how', id) < 0.5 ? 'delete-version' : 'delete-marker',
      restore: this.draw('restore', id) < this.rates.restore,
    };
  }

  /** The plan for one attempt of one delivery. */
  attempt(deliveryId: string, attempt: number): AttemptPlan {
    return {
      transientFault: this.draw('fault', deliveryId, attempt) < this.rates.fault,
      crashAfterMs:
        this.draw('crash', deliveryId, attempt) < this.rates.crash
          ? // Early enough to land in the fastest invocation (a few milliseconds of S3 calls): a crash
            // planned after the invocation ended would not happen at all.
            Math.round(1 + 24 * this.draw('crash-ms', deliveryId, attempt))
          : undefined,
    };
  }

  /** Picks one of `choices` by the seed and the labels. */
  pick<T>(choices: readonly T[], ...labels: readonly (string | number)[]): T | undefined {
    return choices[Math.floor(this.draw('pick', ...labels) * choices.length)];
  }
}

/** No chaos: every event once and on time, no faults. */
export const CALM = {
  input: (): InputPlan => ON_TIME,
  attempt: (): AttemptPlan => CLEAN,
  removal: (): RemovalPlan => KEPT,
};

export type DeliveryRules = Pick<Chaos, 'input' | 'attempt' | 'removal'>;
