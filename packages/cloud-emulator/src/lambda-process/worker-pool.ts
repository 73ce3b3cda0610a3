import { lambdaEnvironment, type DeployedFunction, type FunctionCredentials } from './invoke-handler.js';
import { WarmWorker, type InvocationControls, type WarmInvocationResult } from './warm-worker.js';

/**
 * The credentials a function's environments sign with. On Lambda these are the execution role's
 * temporary credentials; this is the hook where a caller assumes the function's deployed role
 * (e.g. with the emulator's IAM enforcement on). Called once per new environment, so expiring
 * credentials are renewed when an environment is replaced. `undefined`: the caller's own.
 */
export type ExecutionRoleCredentials = (fn: DeployedFunction) => Promise<FunctionCredentials | undefined>;

export interface FunctionWorkersOptions {
  /** The emulator every SDK client in the function talks to. */
  readonly endpoint: string;
  /** At most this many environments at once: the function's reserved concurrency (or less). */
  readonly maxWorkers: number;
  readonly credentials?: ExecutionRoleCredentials;
  /** Told of every invocation as it ends, with its event (the local cloud's cost measures). */
  readonly onInvocation?: (event: unknown, result: WarmInvocationResult) => void;
}

/** What a function's environments have done so far. */
export interface FunctionWorkersStats {
  readonly coldStarts: number;
  /** Environments that ended during an invocation (timed out, crashed, failed init) and were replaced. */
  readonly replaced: number;
  readonly invocations: number;
  /** Environments alive now. */
  readonly environments: number;
}

/**
 * A function's warm execution environments, as Lambda keeps them: an invocation takes an idle
 * environment, or starts a new one (a cold start) while fewer than `maxWorkers` exist, or waits
 * for one to come free. An environment that ended (timeout, crash) is dropped and replaced on demand.
 *
 * @example const workers = new FunctionWorkers(fn, { endpoint, maxWorkers: 4 }); await workers.invoke(event);
 */
export class FunctionWorkers {
  private readonly idle: WarmWorker[] = [];
  private readonly all = new Set<WarmWorker>();
  private readonly waiting: Array<(worker: WarmWorker) => void> = [];
  private starting = 0;
  private counts = { coldStarts: 0, replaced: 0, invocations: 0 };

  constructor(
    readonly fn: DeployedFunction,
    private readonly options: FunctionWorkersOptions,
  ) {
    if (!Number.isInteger(options.maxWorkers) || options.maxWorkers < 1)
      throw new RangeError(`Expected positive integer for maxWorkers but received ${options.maxWorkers}`);
  }

  /** Runs one invocation in a warm environment (starting one if needed); never rejects for the function's own failures. */
  async invoke(event: unknown, controls?: InvocationControls): Promise<WarmInvocationResult> {
    const worker = await this.acquire();
    const result = await worker.invoke(event, controls);
    this.counts.invocations++;
    if (result.coldStart) this.counts.coldStarts++;
    this.release(worker);
    this.options.onInvocation?.(event, result);
    return result;
  }

  get stats(): FunctionWorkersStats {
    return { ...this.counts, environments: this.all.size };
  }

  /** Process ids of the live environments (for memory sampling). */
  pids(): number[] {
    return [...this.all].map((worker) => worker.pid);
  }

  /** Ends every environment. */
  async close(): Promise<void> {
    await Promise.all([...this.all].map((worker) => worker.stop()));
    this.all.clear();
    this.idle.length = 0;
  }

  private async acquire(): Promise<WarmWorker> {
    let ready = this.idle.pop();
    // An idle environment can die too (work its last invocation left running crashed it).
    while (ready !== undefined && !ready.alive) {
      this.all.delete(ready);
      ready = this.idle.pop();
    }
    if (ready !== undefined) return ready;
    if (this.all.size + this.starting < this.options.maxWorkers) return this.start();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private async start(): Promise<WarmWorker> {
    this.starting++;
    try {
      const credentials = await this.options.credentials?.(this.fn);
      const worker = new WarmWorker(this.fn, lambdaEnvironment(this.fn, this.options.endpoint, credentials));
      this.all.add(worker);
      return worker;
    } finally {
      this.starting--;
    }
  }

  private release(worker: WarmWorker): void {
    if (!worker.alive) {
      this.all.delete(worker);
      this.counts.replaced++;
      const next = this.waiting.shift();
      if (next !== undefined) void this.start().then(next);
      return;
    }
    const next = this.waiting.shift();
    if (next !== undefined) next(worker);
    else this.idle.push(worker);
  }
}
