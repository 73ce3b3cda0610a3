import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

const REQUIRE_TIMED = `
const t = process.hrtime.bigint();
require(process.cwd() + '/index.js');
process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function wallMs(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ wall: number; stdout: string }> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, args, { cwd, env });
  return { wall: performance.now() - started, stdout };
}

export interface ColdStart {
  readonly runs: number;
  /** Median time to `require('./index.js')`, measured inside the fresh process. */
  readonly requireMs: number;
  /** Median wall time of `node -e "require('./index.js')"` and of an empty `node -e ""` (the baseline). */
  readonly processMs: number;
  readonly baselineProcessMs: number;
  readonly ratioToBaseline: number;
}

/**
 * Cold start as the issue defines it: require the bundle in a fresh Node process (module scope
 * runs: config validation, client and logger creation). Alternates with an empty Node process,
 * the baseline on this noisy machine.
 */
export async function measureColdStart(dir: string, env: NodeJS.ProcessEnv, runs = 15): Promise<ColdStart> {
  const requireTimes: number[] = [];
  const processTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    baselineTimes.push((await wallMs(['-e', ''], dir, env)).wall);
    const measured = await wallMs(['-e', REQUIRE_TIMED], dir, env);
    processTimes.push(measured.wall);
    requireTimes.push(Number(measured.stdout));
  }
  const processMs = median(processTimes);
  const baselineProcessMs = median(baselineTimes);
  return {
    runs,
    requireMs: median(requireTimes),
    processMs,
    baselineProcessMs,
    ratioToBaseline: processMs / baselineProcessMs,
  };
}
