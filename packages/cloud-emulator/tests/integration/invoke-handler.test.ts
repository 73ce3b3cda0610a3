import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invokeFunction, type DeployedFunction } from '../../src/index.js';

/** What the functions' SDK clients would use; these handlers call no AWS API, so nothing answers it. */
const ENDPOINT = 'http://127.0.0.1:4566';

// A real handler module on disk, run in a real child process, as the artifact tests and the local cloud do.
const codeDir = mkdtempSync(join(tmpdir(), 'invoker-test-'));
writeFileSync(
  join(codeDir, 'index.js'),
  `exports.handler = async (event, context) => {
     console.log(JSON.stringify({ message: 'seen', key: event.key, requestId: context.awsRequestId }));
     if (event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));
     if (event.fail) { const e = new Error('boom ' + process.env.GREETING); e.name = 'TransientError'; throw e; }
     return { greeting: process.env.GREETING, endpoint: process.env.AWS_ENDPOINT_URL, remaining: context.getRemainingTimeInMillis() > 0 };
   };`,
);

const fn: DeployedFunction = {
  name: 'test-fn',
  arn: 'arn:aws:lambda:us-east-1:123456789012:function:test-fn',
  handler: 'index.handler',
  codeDir,
  memoryMb: 256,
  // Long enough that a fresh process on a busy machine never meets it; the timeout test sets its own.
  timeoutSeconds: 10,
  environment: { GREETING: 'hello' },
  region: 'us-east-1',
};

describe('invokeFunction', () => {
  it('runs the handler in a fresh process with the deployed environment and collects its logs', async () => {
    const result = await invokeFunction(fn, { key: 'a' }, { endpoint: ENDPOINT });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.result).toEqual({ greeting: 'hello', endpoint: ENDPOINT, remaining: true });
    expect(result.logs.map((l) => JSON.parse(l) as { key: string; requestId: string })).toEqual([
      { message: 'seen', key: 'a', requestId: result.requestId },
    ]);
    expect(result.requireMs).toBeGreaterThan(0);
    expect(result.nativeModules).toEqual([]);
  });

  it('reports a thrown error the way Lambda shapes it', async () => {
    const result = await invokeFunction(
      fn,
      { fail: true },
      { endpoint: ENDPOINT, environmentOverrides: { GREETING: 'injected' } },
    );
    expect(result).toMatchObject({ ok: false, errorType: 'TransientError', errorMessage: 'boom injected' });
  });

  it('kills an invocation that outlives the deployed timeout', async () => {
    const result = await invokeFunction(
      { ...fn, timeoutSeconds: 1 },
      { sleepMs: 10_000 },
      { endpoint: ENDPOINT },
    );
    // Timedout, not the handler's own return after its 10 s sleep: the runner cut it at the deployed timeout.
    expect(result).toMatchObject({ ok: false, errorType: 'Sandbox.Timedout' });
  });
});
