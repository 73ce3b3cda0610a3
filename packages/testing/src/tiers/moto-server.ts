import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { waitForEndpoint } from './endpoint-probe.js';

const execFileAsync = promisify(execFile);

/** `moto_server` when on PATH, else `python3 -m moto.server` when moto is importable, else undefined. */
export async function findMotoCommand(): Promise<readonly string[] | undefined> {
  if (await succeeds('moto_server', ['--help'])) return ['moto_server'];
  if (await succeeds('python3', ['-c', 'import moto.server, flask'])) return ['python3', '-m', 'moto.server'];
  return undefined;
}

async function succeeds(command: string, args: string[]): Promise<boolean> {
  try {
    await execFileAsync(command, args, { timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

/** A free TCP port on loopback, as chosen by the kernel. */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Python guard around moto: it stops moto when its stdin closes, which happens when the process
 * that started it exits for any reason (teardown, a crash, SIGKILL), so no moto outlives the test run.
 */
const ORPHAN_GUARD = [
  'import signal, subprocess, sys',
  'p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)',
  'signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))',
  'try:',
  '    sys.stdin.read()',
  'except KeyboardInterrupt:',
  '    pass',
  'finally:',
  '    p.terminate()',
  '    try:',
  '        p.wait(5)',
  '    except subprocess.TimeoutExpired:',
  '        p.kill()',
].join('\n');

export interface RunningMoto {
  readonly endpoint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts moto server on a free loopback port and waits until it answers. */
export async function startMotoServer(
  command: readonly string[],
  readyTimeoutMs = 30_000,
): Promise<RunningMoto> {
  const port = await freeLoopbackPort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('python3', ['-c', ORPHAN_GUARD, ...command, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await Promise.race([
      waitForEndpoint(endpoint, readyTimeoutMs),
      exited.then((code) =>
        Promise.reject(new Error(`moto server exited with code ${code} before it was ready`)),
      ),
    ]);
  } catch (error) {
    await stopGuard(child, exited);
    throw error;
  }
  return { endpoint, pid: child.pid ?? -1, stop: () => stopGuard(child, exited) };
}

async function stopGuard(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null) return;
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
  await exited;
  clearTimeout(timer);
}
