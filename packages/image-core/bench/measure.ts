/** Wall-clock and process CPU time of one run (CPU includes libvips' worker threads). */
export interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Times one call. */
export async function timed(run: () => Promise<unknown>): Promise<Sample> {
  const [wall, cpu] = [performance.now(), cpuMs()];
  await run();
  return { wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu };
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** Samples per method and input name, across rounds. */
export class Samples {
  private readonly byMethod = new Map<string, Map<string, Sample[]>>();

  add(method: string, input: string, sample: Sample): void {
    const inputs = this.byMethod.get(method) ?? new Map<string, Sample[]>();
    inputs.set(input, [...(inputs.get(input) ?? []), sample]);
    this.byMethod.set(method, inputs);
  }

  has(method: string): boolean {
    return this.byMethod.has(method);
  }

  /** Median over rounds of one input's time. */
  perInput(method: string, input: string, metric: keyof Sample = 'wallMs'): number | undefined {
    const samples = this.byMethod.get(method)?.get(input);
    return samples === undefined ? undefined : median(samples.map((sample) => sample[metric]));
  }

  /** Median over rounds of the total over `inputs` (each round sums one sample per input). */
  total(method: string, inputs: readonly string[], metric: keyof Sample = 'wallMs'): number | undefined {
    const perInput = inputs.map((input) => this.byMethod.get(method)?.get(input));
    if (perInput.length === 0 || perInput.some((samples) => samples === undefined || samples.length === 0))
      return undefined;
    const rounds = Math.min(...perInput.map((samples) => samples?.length ?? 0));
    const totals = Array.from({ length: rounds }, (_, round) =>
      perInput.reduce((sum, samples) => sum + (samples?.[round]?.[metric] ?? 0), 0),
    );
    return median(totals);
  }
}
