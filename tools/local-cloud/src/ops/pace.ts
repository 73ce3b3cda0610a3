/** Spaces deliveries evenly at a rate (no bursts): each waits for its slot, 1/rate s after the last. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface Pace {
  /** Resolves at the next slot. */
  next(): Promise<void>;
}

export function pace(perSecond: number, clock: Clock = REAL_CLOCK): Pace {
  if (!(perSecond > 0)) throw new RangeError(`Expected a positive rate but received ${perSecond}`);
  const interval = 1000 / perSecond;
  let slot: number | undefined;
  return {
    async next() {
      const now = clock.now();
      slot = slot === undefined ? now : Math.max(now, slot + interval);
      if (slot > now) await clock.sleep(slot - now);
    },
  };
}
