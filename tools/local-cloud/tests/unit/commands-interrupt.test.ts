/**
 * Ctrl-C (SIGINT) on each command, run under tsx against an endpoint that never answers: exit 130,
 * and `pnpm reprocess` finishes the work in hand on the first and stops at once on the second.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMULATOR_ENV } from '@pipeline/testing';
import { tsx, userEnv, type Run } from '../support/command-runs.js';

/** Ctrl-C to a process group, as a terminal sends it; a group already gone (the command ended) is no error. */
function interrupt(groupLeader: number): void {
  try {
    process.kill(-groupLeader, 'SIGINT');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

describe('Ctrl-C', () => {
  /** An endpoint that accepts connections and never answers: a command using it waits until interrupted. */
  let silent: Server;
  let silentEndpoint: string;
  const sockets = new Set<Socket>();
  let connected: () => void = () => undefined;
  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      connected();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address() as { port: number };
    silentEndpoint = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  /**
   * Runs `entry` against the silent endpoint and sends SIGINT `times` once it waits: on the endpoint,
   * or until its stderr matches `until`.
   */
  async function interrupted(
    entry: string,
    args: readonly string[],
    options: { readonly times: number; readonly until?: RegExp },
  ): Promise<Run> {
    let child: ChildProcess | undefined;
    let stderrSeen: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => {
      connected = options.until === undefined ? resolve : () => undefined;
      stderrSeen = resolve;
    });
    const running = tsx(entry, args, {
      env: userEnv({ ...EMULATOR_ENV, AWS_ENDPOINT_URL: silentEndpoint }),
      onSpawn: (c) => (child = c),
      onStderr: (text) => (options.until?.test(text) === true ? stderrSeen() : undefined),
      ownGroup: true,
    });
    const first = await Promise.race([waiting.then(() => 'waiting'), running.then(() => 'ended')]);
    if (first === 'ended') return running;
    for (let i = 0; i < options.times; i++) {
      // Ctrl-C reaches every process of the terminal's group: tsx and the command it runs. (Signalling
      // tsx alone makes it relay the signal and, when the command does not confirm within 30 ms, as on
      // a busy machine, kill it outright.)
      if (child?.pid !== undefined) interrupt(child.pid);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return running;
  }

  it('pnpm redrive: exits 130', async () => {
    const result = await interrupted('src/ops/redrive-main.ts', ['--env', 'dev', '--pipeline', 'copy'], {
      times: 1,
    });
    expect([result.code, result.stdout]).toEqual([130, '']);
  }, 60_000);

  it('pnpm reprocess: the first Ctrl-C waits for the work in hand, a second stops it at once with 130', async () => {
    const cursor = mkdtempSync(join(tmpdir(), 'reprocess-cursor-'));
    try {
      const args = ['--env', 'dev', '--pipeline', 'copy', '--prefix', '', '--cursor', join(cursor, 'c.json')];
      // Interrupted once its work has begun (the line it prints once it has taken Ctrl-C over), not on
      // the first connection the silent endpoint sees: on a busy machine that event can be a late one.
      const result = await interrupted('src/ops/reprocess-main.ts', args, {
        times: 2,
        until: /^reprocessing s3:\/\//m,
      });
      expect(result.code).toBe(130);
      expect(result.stderr).toContain('interrupted: stopping (Ctrl-C again to stop at once)');
    } finally {
      rmSync(cursor, { recursive: true, force: true });
    }
  }, 60_000);

  it('pnpm soak: exits 130 while it writes its mix', async () => {
    const result = await interrupted('bench/soak.ts', ['--count', '50000'], {
      times: 1,
      until: /writing a mix of 50000 inputs/,
    });
    expect(result.code).toBe(130);
  }, 60_000);

  it('pnpm start: exits 130', async () => {
    const result = await interrupted('src/cli/start-main.ts', ['--timeout', '30'], { times: 1 });
    expect([result.code, result.stderr]).toEqual([130, expect.any(String)]);
  }, 60_000);
});
