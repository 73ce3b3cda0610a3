import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionWorkers, type DeployedFunction } from '../../src/index.js';

/** What the functions' SDK clients would use; these handlers call no AWS API, so nothing answers it. */
const ENDPOINT = 'http://127.0.0.1:4566';

// A real handler module on disk with module-scope state, run in real long-lived child processes.
const codeDir = mkdtempSync(join(tmpdir(), 'worker-pool-test-'));
writeFileSync(
  join(codeDir, 'index.js'),
  `let handled = 0;
   const loadedAt = process.pid;
   exports.handler = async (event, context) => {
     handled += 1;
     console.log(JSON.stringify({ message: 'seen', n: event.n, requestId: context.awsRequestId }));
     console.error('to stderr ' + event.n);
     if (event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));
     if (event.cpuMs) { const from = process.cpuUsage(); for (;;) { const u = process.cpuUsage(from); if (u.user + u.system >= event.cpuMs * 1000) break; } }
     if (event.allocMb) {
       const before = process.memoryUsage.rss();
       let held = Buffer.alloc(event.allocMb * 1048576, 1);
       await new Promise((r) => setTimeout(r, 20));
       held = null;
       // Freed before the invocation ends, so the next invocation starts small again (V8 releases
       // large backing stores some time after the collection).
       require('node:v8').setFlagsFromString('--expose-gc');
       const gc = require('node:vm').runInNewContext('gc');
       for (let waited = 0; process.memoryUsage.rss() > before + 20 * 1048576 && waited < 5000; waited += 20) {
         gc();
         await new Promise((r) => setTimeout(r, 20));
       }
     }
     if (event.exit) process.exit(3);
     if (event.fail) { const e = new Error('boom'); e.name = 'TransientError'; e.code = 'S3_UNAVAILABLE'; throw e; }
     return {
       handled, pid: loadedAt, greeting: process.env.GREETING, token: process.env.AWS_SESSION_TOKEN,
       heapLimitMb: Math.round(require('node:v8').getHeapStatistics().heap_size_limit / 1048576),
     };
   };`,
);
const brokenDir = mkdtempSync(join(tmpdir(), 'worker-pool-broken-'));
writeFileSync(join(brokenDir, 'index.js'), `throw new Error('bad config: BUCKET is not set');`);

function deployed(overrides: Partial<DeployedFunction> = {}): DeployedFunction {
  return {
    name: 'warm-fn',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:warm-fn',
    handler: 'index.handler',
    codeDir,
    memoryMb: 256,
    // Long enough that a cold start on a busy machine never meets it; the timeout test sets its own.
    timeoutSeconds: 10,
    environment: { GREETING: 'hello' },
    region: 'us-east-1',
    ...overrides,
  };
}

describe('FunctionWorkers', () => {
  let pool: FunctionWorkers | undefined;
  afterEach(() => pool?.close());

  it('keeps an environment warm: one cold start, module state kept, each invocation its own logs', async () => {
    pool = new FunctionWorkers(deployed(), { endpoint: ENDPOINT, maxWorkers: 2 });
    const first = await pool.invoke({ n: 1 });
    const second = await pool.invoke({ n: 2 });
    expect([first.coldStart, second.coldStart]).toEqual([true, false]);
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.result).toMatchObject({ handled: 2, pid: second.workerPid, greeting: 'hello' });
    expect(second.workerPid).toBe(first.workerPid);
    // The function's memory is its heap limit (85% of 256 MB, give or take V8's rounding).
    expect((second.result as { heapLimitMb: number }).heapLimitMb).toBeGreaterThan(200);
    expect((second.result as { heapLimitMb: number }).heapLimitMb).toBeLessThan(300);
    expect(second.logs.some((l) => l.includes('"n":2'))).toBe(true);
    expect(second.logs).toContain('to stderr 2');
    expect(second.logs.some((l) => l.includes('"n":1'))).toBe(false);
    expect(pool.stats).toMatchObject({ coldStarts: 1, invocations: 2, environments: 1 });
  });

  it('starts environments up to its limit for concurrent invocations, no more', async () => {
    pool = new FunctionWorkers(deployed(), { endpoint: ENDPOINT, maxWorkers: 2 });
    const results = await Promise.all([1, 2, 3, 4].map((n) => pool!.invoke({ n, sleepMs: 200 })));
    expect(new Set(results.map((r) => r.workerPid)).size).toBe(2);
    expect(pool.stats).toMatchObject({ coldStarts: 2, environments: 2 });
  });

  it('fails a timed-out invocation as Lambda does and replaces the environment', async () => {
    pool = new FunctionWorkers(deployed({ timeoutSeconds: 1 }), {
      endpoint: ENDPOINT,
      maxWorkers: 1,
    });
    const warm = await pool.invoke({ n: 1 });
    const slow = await pool.invoke({ n: 2, sleepMs: 5_000 });
    expect(slow).toMatchObject({ ok: false, errorType: 'Sandbox.Timedout', workerPid: warm.workerPid });
    expect(slow.logs.some((l) => l.includes('"n":2'))).toBe(true);
    const next = await pool.invoke({ n: 3 });
    expect(next.coldStart).toBe(true);
    expect(next.workerPid).not.toBe(warm.workerPid);
    expect(pool.stats).toMatchObject({ coldStarts: 2, replaced: 1 });
  });

  it('fails an invocation whose environment crashes (injected or by exit), and replaces it', async () => {
    pool = new FunctionWorkers(deployed(), { endpoint: ENDPOINT, maxWorkers: 1 });
    const crashed = await pool.invoke({ n: 1, sleepMs: 1_000 }, { crashAfterMs: 100 });
    expect(crashed).toMatchObject({ ok: false, errorType: 'Runtime.ExitError', coldStart: true });
    expect(crashed.ok ? '' : crashed.errorMessage).toContain('SIGKILL');
    const exited = await pool.invoke({ n: 2, exit: true });
    expect(exited.ok ? '' : exited.errorMessage).toContain('code 3');
    expect(pool.stats.replaced).toBe(2);
  });

  it('reports a thrown error with its code and keeps the environment', async () => {
    pool = new FunctionWorkers(deployed(), { endpoint: ENDPOINT, maxWorkers: 1 });
    const failed = await pool.invoke({ n: 1, fail: true });
    expect(failed).toMatchObject({ ok: false, errorType: 'TransientError', errorCode: 'S3_UNAVAILABLE' });
    const next = await pool.invoke({ n: 2 });
    expect(next).toMatchObject({ ok: true, coldStart: false, workerPid: failed.workerPid });
  });

  it('fails an init error and starts a fresh environment for the next invocation', async () => {
    pool = new FunctionWorkers(deployed({ codeDir: brokenDir }), {
      endpoint: ENDPOINT,
      maxWorkers: 1,
    });
    const first = await pool.invoke({ n: 1 });
    expect(first).toMatchObject({
      ok: false,
      errorMessage: 'bad config: BUCKET is not set',
      coldStart: true,
    });
    const second = await pool.invoke({ n: 2 });
    expect(second.coldStart).toBe(true);
    expect(second.workerPid).not.toBe(first.workerPid);
  });

  it('measures each invocation: its CPU time and its own peak memory, reported with its result', async () => {
    const seen: unknown[] = [];
    pool = new FunctionWorkers(deployed({ timeoutSeconds: 10 }), {
      endpoint: ENDPOINT,
      maxWorkers: 1,
      onInvocation: (event) => seen.push(event),
    });
    const idle = await pool.invoke({ n: 1 });
    const busy = await pool.invoke({ n: 2, cpuMs: 300 });
    const big = await pool.invoke({ n: 3, allocMb: 150 });
    const after = await pool.invoke({ n: 4 });
    const MiB = 1024 * 1024;
    for (const r of [idle, busy, big, after]) expect(r.measures?.wallMs).toBeGreaterThan(0);
    // Linux says how long the environment's threads waited for a CPU (this machine's load).
    if (process.platform === 'linux')
      for (const r of [idle, busy, big, after]) expect(r.measures?.queuedMs).toBeGreaterThanOrEqual(0);
    // The handler spins until its process has used 300 ms of CPU: the measure holds them, and about as
    // much wall time (V8's own threads, the collector's, add a little CPU beside the spinning one: seen 299 ms).
    // No upper bound on either: on a busy machine the spin takes longer, and that is not the measure's fault.
    expect(busy.measures?.cpuMs).toBeGreaterThanOrEqual(300);
    expect(busy.measures?.wallMs).toBeGreaterThanOrEqual(290);
    // Each invocation's CPU is its own: the idle one after it does not carry the spin's 300 ms.
    expect(after.measures?.cpuMs).toBeLessThan((busy.measures?.cpuMs ?? 0) / 2);
    // 150 MiB held shows in that invocation's peak; the next one's peak is its own, not the process's.
    const peak = (r: typeof big): number => r.measures?.peakRssBytes ?? 0;
    expect(peak(big) - peak(idle)).toBeGreaterThan(140 * MiB);
    expect(peak(after)).toBeLessThan(peak(big) - 100 * MiB);
    expect(big.measures?.peakRssFrom).toBe(process.platform === 'linux' ? 'high-water-mark' : 'sampled');
    expect(seen).toEqual([{ n: 1 }, { n: 2, cpuMs: 300 }, { n: 3, allocMb: 150 }, { n: 4 }]);
  });

  it('signs with the credentials the execution-role hook gives each new environment', async () => {
    const asked: string[] = [];
    pool = new FunctionWorkers(deployed(), {
      endpoint: ENDPOINT,
      maxWorkers: 1,
      credentials: async (fn) => {
        asked.push(fn.name);
        return { accessKeyId: 'ASIAROLE', secretAccessKey: 'secret', sessionToken: 'role-session' };
      },
    });
    const result = await pool.invoke({ n: 1 });
    expect(result.ok && result.result).toMatchObject({ token: 'role-session' });
    expect(asked).toEqual(['warm-fn']);
  });
});
