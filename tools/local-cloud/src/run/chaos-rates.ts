/** `--chaos`'s rates. Light on purpose: the command line (cli-options.ts) reads the defaults before anything heavy loads. */
export interface ChaosRates {
  /** Share of events delivered twice (S3 delivers at least once). */
  readonly duplicate: number;
  /** Share of events held back, so later uploads' events overtake them. */
  readonly late: number;
  /** Share of keys uploaded a second time while the first version's event is in flight. */
  readonly reupload: number;
  /** Share of invocation attempts that meet a transient S3 fault (`--fault-rate`). */
  readonly fault: number;
  /** Share of invocation attempts whose execution environment crashes mid-invocation. */
  readonly crash: number;
  /** Share of keys deleted once their events have ended (S3 sends `ObjectRemoved:*`). */
  readonly remove: number;
  /** Share of deleted keys uploaded again once the deletion's events have ended. */
  readonly restore: number;
}

export const DEFAULT_CHAOS_RATES: ChaosRates = {
  duplicate: 0.1,
  late: 0.1,
  reupload: 0.05,
  fault: 0.05,
  crash: 0.02,
  remove: 0.05,
  restore: 0.4,
};
