/**
 * Chaos's removals in a run: which key is deleted once its events have ended, and which is then
 * uploaded again, each step once. Kept per key as the run goes (a stage and the latest version
 * uploaded), so the run's memory grows by one entry per key, as the verdicts' does.
 */
import type { DeliveryRules, RemovalPlan } from './chaos.js';
import type { NewObject } from './object-watcher.js';

/** What comes next for a key whose events have all ended. */
export type RemovalStep =
  | { readonly action: 'remove'; readonly version: NewObject; readonly how: RemovalPlan['how'] }
  | { readonly action: 'restore' };

const idOf = (bucket: string, key: string): string => `${bucket}/${key}`;

export class Removals {
  private readonly stage = new Map<string, 'removed' | 'restored'>();
  private readonly latest = new Map<string, NewObject>();
  removed = 0;
  restored = 0;

  constructor(private readonly rules: Pick<DeliveryRules, 'removal'>) {}

  /** A version the run uploaded (the one a removal deletes, when it deletes a version). */
  uploaded(object: NewObject): void {
    this.latest.set(idOf(object.bucket, object.key), object);
  }

  /** The next step for a settled key, or undefined when nothing more happens to it; each step is given once. */
  next(bucket: string, key: string): RemovalStep | undefined {
    const id = idOf(bucket, key);
    const plan = this.rules.removal(id);
    const version = this.latest.get(id);
    if (!plan.remove || version === undefined) return undefined;
    const stage = this.stage.get(id);
    if (stage === undefined) {
      this.stage.set(id, 'removed');
      this.removed++;
      return { action: 'remove', version, how: plan.how };
    }
    if (stage === 'removed' && plan.restore) {
      this.stage.set(id, 'restored');
      this.restored++;
      return { action: 'restore' };
    }
    return undefined;
  }
}
