import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  heapLimitMb,
  type DeployedFunction,
  type HandlerAnswer,
  type InvocationResult,
} from './invoke-handler.js';
import { END_OF_INVOCATION, workerEntryPath } from './worker-entry.js';

/** What one invocation used in its environment (the cost model's and the budget gate's raw input). */
export interface InvocationMeasures {
  /** From the message's arrival to the handler's answer, init included on a cold start. */
  readonly wallMs: number;
  /** User + system CPU time of the environment's process (all its threads) meanwhile. */
  readonly cpuMs: number;
  /**
   * Time its threads were runnable but waiting for a CPU meanwhile (Linux's schedstat, summed over
   * threads): this machine's load, not the function's work. Absent where the kernel does not say.
   */
  readonly queuedMs?: number;
  /** The process's peak resident memory during the invocation. */
  readonly peakRssBytes: number;
  /** `high-water-mark`: exact (Linux's VmHWM, reset per invocation); `sampled`: every 5 ms. */
  readonly peakRssFrom: 'high-water-mark' | 'sampled';
}

/**
 * An invocation's result in a warm environment: whether it paid the cold start, where it ran, and
 * what it used (absent when the environment ended mid-invocation: a timeout or crash).
 */
export type WarmInvocationResult = InvocationResult & {
  readonly coldStart: boolean;
  readonly workerPid: number;
  readonly measures?: InvocationMeasures;
};

/** Faults the caller injects into one invocation (the local cloud's `--chaos`). */
export interface InvocationControls {
  /** Kill the environment this long after the invocation starts, if it is still running. */
  readonly crashAfterMs?: number;
}

type Answer = {
  coldStart: boolean;
  requireMs?: number;
  initFailed?: boolean;
  measures?: InvocationMeasures;
} & HandlerAnswer;

interface Pending {
  readonly requestId: string;
  readonly started: number;
  readonly logs: string[];
  readonly ended: Set<'stdout' | 'stderr'>;
  readonly timers: NodeJS.Timeout[];
  readonly firstOnWorker: boolean;
  answer?: Answer;
  finish(result: WarmInvocationResult): void;
}

/**
 * One execution environment: a long-lived Node process with the deployed environment and the
 * function's memory as its heap limit, handling one invocation at a time. Its timeout is enforced
 * by a kill, after which the environment is gone (`alive` is false) and must be replaced.
 */
export class WarmWorker {
  private readonly child: ChildProcess;
  private pending: Pending | undefined;
  private stray: string[] = [];
  private invocations = 0;
  private killedFor: 'timeout' | 'crash' | 'stop' | 'init-failed' | undefined;
  private closed = false;
  readonly pid: number;

  constructor(
    private readonly fn: DeployedFunction,
    environment: Readonly<Record<string, string>>,
  ) {
    this.child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${heapLimitMb(fn)}`,
        '--enable-source-maps',
        workerEntryPath(),
        fn.codeDir,
        fn.handler,
      ],
      { cwd: fn.codeDir, env: { ...environment }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
    );
    this.pid = this.child.pid ?? -1;
    this.readLines(this.child.stdout, 'stdout');
    this.readLines(this.child.stderr, 'stderr');
    this.child.on('message', (message: Answer & { requestId: string }) => {
      if (this.pending?.requestId !== message.requestId) return;
      // Lambda discards an environment whose init failed; the process ends itself after answering.
      if (message.initFailed === true) this.killedFor ??= 'init-failed';
      this.pending.answer = message;
      this.settleIfComplete();
    });
    this.child.once('close', (code, signal) => this.onClose(code, signal));
  }

  /** Still able to take an invocation. */
  get alive(): boolean {
    return !this.closed && this.killedFor === undefined;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Runs one invocation; never rejects: a timeout or crash is a failed result. */
  invoke(event: unknown, controls: InvocationControls = {}): Promise<WarmInvocationResult> {
    if (!this.alive || this.pending !== undefined)
      throw new Error(`worker ${this.pid} of ${this.fn.name} cannot take an invocation now`);
    const requestId = randomUUID();
    return new Promise((resolve) => {
      const pending: Pending = {
        requestId,
        started: Date.now(),
        logs: this.stray,
        ended: new Set(),
        timers: [],
        firstOnWorker: ++this.invocations === 1,
        finish: (result) => {
          pending.timers.forEach(clearTimeout);
          this.pending = undefined;
          resolve(result);
        },
      };
      this.stray = [];
      this.pending = pending;
      pending.timers.push(setTimeout(() => this.kill('timeout'), this.fn.timeoutSeconds * 1000));
      if (controls.crashAfterMs !== undefined)
        pending.timers.push(setTimeout(() => this.kill('crash'), controls.crashAfterMs));
      this.child.send({
        requestId,
        event,
        functionArn: this.fn.arn,
        memoryMb: this.fn.memoryMb,
        timeoutMs: this.fn.timeoutSeconds * 1000,
      });
    });
  }

  /** Ends the environment (waits for the process to be gone). */
  async stop(): Promise<void> {
    if (this.closed) return;
    const gone = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.kill('stop');
    await gone;
  }

  private kill(reason: 'timeout' | 'crash' | 'stop'): void {
    if (this.closed) return;
    this.killedFor ??= reason;
    this.child.kill('SIGKILL');
  }

  private readLines(stream: Readable | null, name: 'stdout' | 'stderr'): void {
    let partial = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.onLine(line, name);
    });
    stream?.on('end', () => partial !== '' && this.onLine(partial, name));
  }

  private onLine(line: string, stream: 'stdout' | 'stderr'): void {
    const pending = this.pending;
    if (line.startsWith(END_OF_INVOCATION)) {
      if (pending?.requestId === line.slice(END_OF_INVOCATION.length)) pending.ended.add(stream);
      this.settleIfComplete();
      return;
    }
    if (line.trim() === '') return;
    // Lines written between invocations (work left running by the last one) land in the next one's logs, as on Lambda.
    (pending?.logs ?? this.stray).push(line);
  }

  private settleIfComplete(): void {
    const pending = this.pending;
    if (pending?.answer === undefined || pending.ended.size < 2) return;
    const { answer } = pending;
    const facts = {
      requestId: pending.requestId,
      logs: pending.logs,
      durationMs: Date.now() - pending.started,
      requireMs: answer.requireMs,
      coldStart: answer.coldStart,
      workerPid: this.pid,
      measures: answer.measures,
    };
    if (answer.ok) {
      pending.finish({ ...facts, ok: true, result: answer.result });
      return;
    }
    const { errorType, errorMessage, stackTrace, errorCode, failureCodes } = answer;
    pending.finish({ ...facts, ok: false, errorType, errorMessage, stackTrace, errorCode, failureCodes });
  }

  private onClose(code: number | null, signal: NodeJS.Signals | null): void {
    this.closed = true;
    const pending = this.pending;
    if (pending === undefined) return;
    const timedOut = this.killedFor === 'timeout';
    pending.finish({
      ok: false,
      requestId: pending.requestId,
      errorType: timedOut ? 'Sandbox.Timedout' : 'Runtime.ExitError',
      errorMessage: timedOut
        ? `Task timed out after ${this.fn.timeoutSeconds}.00 seconds`
        : `RequestId: ${pending.requestId} Error: Runtime exited ${signal === null ? `with code ${code}` : `with signal ${signal}`}`,
      stackTrace: [],
      logs: pending.logs,
      durationMs: Date.now() - pending.started,
      coldStart: pending.firstOnWorker,
      workerPid: this.pid,
    });
  }
}
