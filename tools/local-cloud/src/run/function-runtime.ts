import {
  FunctionWorkers,
  type ExecutionRoleCredentials,
  type FunctionWorkersStats,
  type WarmInvocationResult,
} from '@pipeline/cloud-emulator';
import type { Deployment, LocalFunction } from '../deploy/deployment.js';

/**
 * Gives each new environment of a function its credentials: the function's deployed role's
 * temporary credentials, assumed once per run (execution-roles.ts); `undefined` where they could not
 * be assumed (the runner's own). Named so the hook is easy to find.
 */
export type RoleCredentialsHook = ExecutionRoleCredentials;

export interface FunctionRuntimeOptions {
  /** The endpoint the functions' SDK clients use (the front door, in front of the emulator), or each function's own. */
  readonly endpoint: string | ((functionName: string) => string);
  /** The machine's limit: no function gets more environments than this, whatever its reserved concurrency. */
  readonly concurrency: number;
  readonly roleCredentials?: RoleCredentialsHook;
  /** Told of every invocation as it ends (the cost measures of `--cost` and `--budget`). */
  readonly onInvocation?: InvocationListener;
}

/** Called with every invocation's function, event and result. */
export type InvocationListener = (fn: LocalFunction, event: unknown, result: WarmInvocationResult) => void;

/** Every deployed function's warm environments, each up to its reserved concurrency (capped by the machine's). */
export class FunctionRuntime {
  private readonly pools = new Map<string, FunctionWorkers>();

  constructor(deployment: Deployment, options: FunctionRuntimeOptions) {
    for (const fn of deployment.functions.values()) {
      const reserved = fn.reservedConcurrency ?? options.concurrency;
      this.pools.set(
        fn.fn.name,
        new FunctionWorkers(fn.fn, {
          endpoint: typeof options.endpoint === 'string' ? options.endpoint : options.endpoint(fn.fn.name),
          maxWorkers: Math.max(1, Math.min(reserved, options.concurrency)),
          credentials: options.roleCredentials,
          onInvocation: (event, result) => options.onInvocation?.(fn, event, result),
        }),
      );
    }
  }

  workers(fn: LocalFunction): FunctionWorkers {
    const pool = this.pools.get(fn.fn.name);
    if (pool === undefined) throw new Error(`no environments for ${fn.fn.name}`);
    return pool;
  }

  /** Cold starts, replacements and invocations per function name. */
  stats(): Record<string, FunctionWorkersStats> {
    return Object.fromEntries([...this.pools].map(([name, pool]) => [name, pool.stats]));
  }

  pids(): number[] {
    return [...this.pools.values()].flatMap((pool) => pool.pids());
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }
}
