import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { waitForEndpoint } from './endpoint-probe.js';
import { motoDir } from '../../moto/location.cjs';

const execFileAsync = promisify(execFile);

/**
 * moto's launcher: `moto/launcher.py`, which starts moto server with two of its IAM checks corrected
 * (`moto/iam_corrections.py`: no signature check, DeleteObjects authorized per key), Glue calls
 * authorized on their catalog, database and table ARNs (`moto/glue_resources.py`), Athena tags found by
 * the account-less ARN terraform sends (`moto/athena_arns.py`), three per-request
 * costs removed (`moto/request_costs.py`) and object bodies kept in one shared file rather than its heap
 * or an open file each (`moto/body_store.py`). Each file says what it changes and why.
 */
export const MOTO_LAUNCHER = join(motoDir, 'launcher.py');

/** The interpreter a console script runs under, from its `#!` line (pip writes an absolute path). */
async function scriptInterpreter(script: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir, script);
    const firstLine = await readFile(path, 'utf8').then(
      (text) => text.split('\n', 1)[0] ?? '',
      () => undefined,
    );
    if (firstLine === undefined) continue;
    const interpreter = /^#!\s*(\S*python\S*)\s*$/.exec(firstLine)?.[1];
    return interpreter;
  }
  return undefined;
}

/** A Python that imports moto's server: `python3`, else the one `moto_server` was installed for. */
async function findMotoPython(): Promise<string | undefined> {
  for (const candidate of ['python3', await scriptInterpreter('moto_server')]) {
    if (candidate !== undefined && (await succeeds(candidate, ['-c', 'import moto.server, flask'])))
      return candidate;
  }
  return undefined;
}

/**
 * The command that starts moto: its Python running {@link MOTO_LAUNCHER} when one is found, else
 * `moto_server` as it is (then IAM cannot be enforced), else undefined.
 */
export async function findMotoCommand(): Promise<readonly string[] | undefined> {
  const python = await findMotoPython();
  if (python !== undefined) return [python, MOTO_LAUNCHER];
  if (await succeeds('moto_server', ['--help'])) return ['moto_server'];
  return undefined;
}

/** Whether moto started by `command` can enforce IAM (its signature check is off). */
export function motoChecksNoSignatures(command: readonly string[]): boolean {
  return command.includes(MOTO_LAUNCHER);
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

/** Stops moto when the process that started it exits for any reason (`moto/orphan_guard.py`). */
const ORPHAN_GUARD = join(motoDir, 'orphan_guard.py');

/**
 * moto's process environment unless the caller's says otherwise. moto serves each connection on a new
 * thread, and glibc gives threads their own malloc arenas (up to 8 per core), which keep what large
 * object bodies freed: two arenas cut moto's resident memory after 1,000 mixed uploads, copies and
 * reads from 325 to 222 MiB (tools/local-cloud's soak mix), at no measurable cost in requests a second.
 */
const MOTO_ENVIRONMENT: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

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
  const child = spawn('python3', [ORPHAN_GUARD, ...command, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['pipe', 'ignore', 'inherit'],
    env: { ...MOTO_ENVIRONMENT, ...process.env },
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
