/**
 * The commands run as a user runs them, for the command tests: their root pnpm scripts from the
 * repository's root, their entries under tsx, or their entries with the module recorder
 * (record-imports.mjs), in an environment without the test harness's emulator settings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOAK_USAGE } from '../../bench/soak-options.js';
import { USAGE } from '../../src/cli/cli-options.js';
import { REDRIVE_USAGE, REPROCESS_USAGE } from '../../src/ops/ops-options.js';
import { SMOKE_USAGE } from '../../src/ops/smoke-options.js';
import { QUERY_USAGE } from '../../src/query/query-options.js';
import { STATUS_USAGE } from '../../src/status/status-options.js';

const PACKAGE = join(__dirname, '..', '..');
const ROOT = join(PACKAGE, '..', '..');
export const BUILD_LINE = 'building what the local cloud runs';

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly onSpawn?: (child: ChildProcess) => void;
  /** Called with the child's stderr so far, each time more comes. */
  readonly onStderr?: (stderr: string) => void;
  /** Start it in a process group of its own, as a terminal runs a command (Ctrl-C signals the group). */
  readonly ownGroup?: boolean;
}

/** The environment of a command run from a terminal: none of the test harness's emulator settings. */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (extra.AWS_ENDPOINT_URL === undefined) delete env.AWS_ENDPOINT_URL;
  delete env.PIPELINE_EMULATOR;
  return env;
}

function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd ?? PACKAGE,
      env: options.env ?? userEnv(),
      detached: options.ownGroup === true,
    });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      options.onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const tsx = (entry: string, args: readonly string[], options?: RunOptions): Promise<Run> =>
  run(join(PACKAGE, 'node_modules', '.bin', 'tsx'), [entry, ...args], options);

/** `pnpm -s NAME -- ARGS` from the repository's root, as the README has it. */
export const rootScript = (name: string, args: readonly string[], options?: RunOptions): Promise<Run> =>
  run('pnpm', ['-s', name, '--', ...args], { cwd: ROOT, ...options });

/** Runs `entry` with the module recorder: what it printed, and every module URL it resolved. */
export async function recorded(entry: string, args: readonly string[]): Promise<Run & { modules: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'record-imports-'));
  const file = join(dir, 'modules.txt');
  try {
    const result = await run(
      process.execPath,
      ['--import', 'tsx', '--import', './tests/support/record-imports.mjs', ...entry.split(' '), ...args],
      { env: userEnv({ RECORD_IMPORTS_FILE: file }) },
    );
    return { ...result, modules: readFileSync(file, 'utf8').split('\n').filter(Boolean) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const COMMANDS = [
  { name: 'start', entry: 'src/cli/start-main.ts', usage: USAGE },
  { name: 'soak', entry: 'bench/soak.ts', usage: SOAK_USAGE },
  { name: 'redrive', entry: 'src/ops/redrive-main.ts', usage: REDRIVE_USAGE },
  { name: 'reprocess', entry: 'src/ops/reprocess-main.ts', usage: REPROCESS_USAGE },
  { name: 'smoke', entry: 'src/ops/smoke-main.ts', usage: SMOKE_USAGE },
  { name: 'query', entry: 'src/query/query-main.ts', usage: QUERY_USAGE },
  { name: 'status', entry: 'src/status/status-main.ts', usage: STATUS_USAGE },
] as const;
