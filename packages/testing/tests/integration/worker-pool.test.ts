import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorEndpoint, FunctionWorkers, type DeployedFunction } from '../../src/index.js';

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
    timeoutSeconds: 2,
    environment: { GREETING: 'hello' },
    region: 'us-east-1',
    ...overrides,
  };
}

describe('FunctionWorkers', () => {
  let pool: FunctionWorkers | undefined;
  afterEach(() => pool?.close());

  it('keeps an environment warm: one cold start, module state kept, each invocation its own logs', async () => {
    pool = new FunctionWorkers(deployed(), { endpoint: emulatorEndpoint(), maxWorkers: 2 });
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
    pool = new FunctionWorkers(deployed(), { endpoint: emulatorEndpoint(), maxWorkers: 2 });
    const results = await Promise.all([1, 2, 3, 4].map((n) => pool!.invoke({ n, sleepMs: 200 })));
    expect(new Set(results.map((r) => r.workerPid)).size).toBe(2);
    expect(pool.stats).toMatchObject({ coldStarts: 2, environments: 2 });
  });

  it('fails a timed-out invocation as Lambda does and replaces the environment', async () => {
    pool = new FunctionWorkers(deployed({ timeoutSeconds: 1 }), {
      endpoint: emulatorEndpoint(),
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
    pool = new FunctionWorkers(deployed(), { endpoint: emulatorEndpoint(), maxWorkers: 1 });
    const crashed = await pool.invoke({ n: 1, sleepMs: 1_000 }, { crashAfterMs: 100 });
    expect(crashed).toMatchObject({ ok: false, errorType: 'Runtime.ExitError', coldStart: true });
    expect(crashed.ok ? '' : crashed.errorMessage).toContain('SIGKILL');
    const exited = await pool.invoke({ n: 2, exit: true });
    expect(exited.ok ? '' : exited.errorMessage).toContain('code 3');
    expect(pool.stats.replaced).toBe(2);
  });

  it('reports a thrown error with its code and keeps the environment', async () => {
    pool = new FunctionWorkers(deployed(), { endpoint: emulatorEndpoint(), maxWorkers: 1 });
    const failed = await pool.invoke({ n: 1, fail: true });
    expect(failed).toMatchObject({ ok: false, errorType: 'TransientError', errorCode: 'S3_UNAVAILABLE' });
    const next = await pool.invoke({ n: 2 });
    expect(next).toMatchObject({ ok: true, coldStart: false, workerPid: failed.workerPid });
  });

  it('fails an init error and starts a fresh environment for the next invocation', async () => {
    pool = new FunctionWorkers(deployed({ codeDir: brokenDir }), {
      endpoint: emulatorEndpoint(),
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

  it('signs with the credentials the execution-role hook gives each new environment', async () => {
    const asked: string[] = [];
    pool = new FunctionWorkers(deployed(), {
      endpoint: emulatorEndpoint(),
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
