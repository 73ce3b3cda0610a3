/**
 * Collects what each invocation used, as the cost model reads it: CPU time, wall time and peak
 * memory from the warm environment that ran it (`WarmInvocationResult.measures`), and the S3
 * requests and bytes written from the outcome records it logged. One entry per invocation attempt
 * (a retry costs what it costs), kept per function.
 */
import { outcomesFromLogs } from '@pipeline/lambda-kit';
import type { WarmInvocationResult } from '@pipeline/cloud-emulator';
import type { LocalFunction } from '../deploy/deployment.js';
import { inputOf } from '../run/event-objects.js';
import type { InvocationMeasure } from './model.js';

const MiB = 1024 * 1024;

/** An invocation that measured nothing because its environment was killed at the deployed timeout. */
export interface TimedOutInvocation {
  readonly functionName: string;
  readonly input: string;
  readonly timeoutSeconds: number;
}

/**
 * Sums every outcome record's S3 requests and written bytes in an invocation's logs, and counts the
 * catalog writes: each record says what the catalog did (`written`, or `unchanged` when the condition
 * kept a later item: a write all the same, billed as one).
 */
function fromOutcomeRecords(logs: readonly string[]): {
  s3Requests: Record<string, number>;
  bytesWritten: number;
  catalogWrites: number;
} {
  const s3Requests: Record<string, number> = {};
  let bytesWritten = 0;
  let catalogWrites = 0;
  for (const outcome of outcomesFromLogs(logs)) {
    for (const [operation, count] of Object.entries(outcome.s3Requests ?? {}))
      s3Requests[operation] = (s3Requests[operation] ?? 0) + count;
    bytesWritten += outcome.written.reduce((sum, object) => sum + object.bytes, 0);
    if (outcome.catalog !== undefined) catalogWrites += 1;
  }
  return { s3Requests, bytesWritten, catalogWrites };
}

/** Every measured invocation of a run, by function name. */
export class RunMeasures {
  private readonly byFunction = new Map<string, InvocationMeasure[]>();
  private readonly timeouts: TimedOutInvocation[] = [];

  /** The runner's `onInvocation` listener: call it with every invocation as it ends. */
  readonly record = (fn: LocalFunction, event: unknown, result: WarmInvocationResult): void => {
    const input = inputOf(event);
    if (!result.ok && result.errorType === 'Sandbox.Timedout')
      this.timeouts.push({ functionName: fn.fn.name, input, timeoutSeconds: fn.fn.timeoutSeconds });
    // An environment killed mid-invocation (timeout, crash) reported no measures.
    if (result.measures === undefined) return;
    const list = this.byFunction.get(fn.fn.name) ?? [];
    list.push({
      pipeline: fn.pipeline,
      input,
      wallMs: result.measures.wallMs,
      cpuMs: result.measures.cpuMs,
      queuedMs: result.measures.queuedMs,
      peakRssMb: result.measures.peakRssBytes / MiB,
      ...fromOutcomeRecords(result.logs),
    });
    this.byFunction.set(fn.fn.name, list);
  };

  /**
   * Prices each invocation's catalog writes once the run's items are read back: `unitsOf` gives the
   * write request units of one write of the item of (pipeline, input), undefined where there is none.
   */
  priceCatalogWrites(unitsOf: (pipeline: string, input: string) => number | undefined): void {
    for (const [name, list] of this.byFunction)
      this.byFunction.set(
        name,
        list.map((m) => ({
          ...m,
          catalogWriteUnits: (m.catalogWrites ?? 0) * (unitsOf(m.pipeline, m.input) ?? 0),
        })),
      );
  }

  /** The measures of one function, in the order its invocations ended. */
  of(functionName: string): readonly InvocationMeasure[] {
    return this.byFunction.get(functionName) ?? [];
  }

  functionNames(): string[] {
    return [...this.byFunction.keys()];
  }

  timedOut(): readonly TimedOutInvocation[] {
    return this.timeouts;
  }
}
