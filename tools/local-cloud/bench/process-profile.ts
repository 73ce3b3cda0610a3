/**
 * Where the machine's cores and memory go during a soak run: the CLI's process tree sampled from
 * /proc every second, each process put in one component by its command line (the emulator, each
 * function's warm environments, terraform, the runner). CPU is counted from a mark (the start of
 * the uploads) to the last sample, so the deploy is left out; memory is each component's peak.
 */
import { readFileSync } from 'node:fs';
import { descendantPids } from '../src/run/rss.js';

/** Clock ticks a second in /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS = 100;

interface Sample {
  readonly component: string;
  readonly cpuSeconds: number;
  readonly rssBytes: number;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // gone meanwhile
  }
}

/** The component a process belongs to, from its command line. */
function componentOf(argv: readonly string[]): string {
  const line = argv.join(' ');
  if (line.includes('moto')) return 'emulator';
  if (line.includes('terraform')) return 'terraform';
  const worker = argv.findIndex((arg) => arg.includes('warm-worker'));
  if (worker >= 0) {
    // The environment's code folder is `<function name>-<code hash>`.
    const codeDir = argv[worker + 1] ?? '';
    const name = codeDir.slice(codeDir.lastIndexOf('/') + 1).replace(/-[A-Za-z0-9]+$/, '');
    return `function ${name}`;
  }
  // The CLI itself, tsx's relay and its esbuild service.
  return 'runner';
}

/** CPU seconds (user and system) that a /proc/PID/stat line records. */
function cpuSecondsOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of /proc/PID/stat (11 and 12 after the command name).
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** CPU seconds a process and its descendants have used so far (those gone meanwhile left out). */
export function treeCpuSeconds(root: number): number {
  let seconds = 0;
  for (const pid of [root, ...descendantPids(root)]) {
    const stat = read(`/proc/${pid}/stat`);
    if (stat !== undefined) seconds += cpuSecondsOfStat(stat);
  }
  return seconds;
}

function sampleProcess(pid: number): Sample | undefined {
  const stat = read(`/proc/${pid}/stat`);
  const cmdline = read(`/proc/${pid}/cmdline`);
  const status = read(`/proc/${pid}/status`);
  // An exiting process (a zombie) has no command line left: it would be misplaced.
  if (stat === undefined || status === undefined || cmdline === undefined || cmdline === '') return undefined;
  const cpuSeconds = cpuSecondsOfStat(stat);
  const rssBytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  return { component: componentOf(cmdline.split('\0').filter(Boolean)), cpuSeconds, rssBytes };
}

export interface ProcessProfile {
  /** CPU seconds per component since the mark (or the start, without one). */
  readonly cpuSeconds: Readonly<Record<string, number>>;
  /** Peak resident memory per component. */
  readonly peakRssBytes: Readonly<Record<string, number>>;
  /** Peak of the runner and the emulator together (sampled at the same moment). */
  readonly peakRunnerAndEmulatorBytes: number;
  /** Seconds from the mark to the last sample. */
  readonly seconds: number;
}

/** Samples the tree under `root` until stopped; `mark()` starts the CPU count. */
export function profileProcessTree(root: number, everyMs = 1_000): { mark(): void; stop(): ProcessProfile } {
  const cpu = new Map<number, { component: string; first: number; last: number }>();
  const peaks: Record<string, number> = {};
  let peakTogether = 0;
  let markedAt: number | undefined;
  let lastAt = Date.now();
  const sample = (): void => {
    const rss: Record<string, number> = {};
    for (const pid of descendantPids(root)) {
      const seen = sampleProcess(pid);
      if (seen === undefined) continue;
      const known = cpu.get(pid);
      // A process first seen after the mark counts from zero: all its CPU was spent in the run.
      const first = known?.first ?? (markedAt === undefined ? seen.cpuSeconds : 0);
      cpu.set(pid, { component: known?.component ?? seen.component, first, last: seen.cpuSeconds });
      rss[seen.component] = (rss[seen.component] ?? 0) + seen.rssBytes;
    }
    for (const [component, bytes] of Object.entries(rss))
      peaks[component] = Math.max(peaks[component] ?? 0, bytes);
    peakTogether = Math.max(peakTogether, (rss.runner ?? 0) + (rss.emulator ?? 0));
    lastAt = Date.now();
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    mark() {
      sample();
      markedAt = Date.now();
      for (const [pid, entry] of cpu) cpu.set(pid, { ...entry, first: entry.last });
    },
    stop() {
      clearInterval(timer);
      const cpuSeconds: Record<string, number> = {};
      for (const { component, first, last } of cpu.values())
        cpuSeconds[component] = (cpuSeconds[component] ?? 0) + (last - first);
      return {
        cpuSeconds,
        peakRssBytes: peaks,
        peakRunnerAndEmulatorBytes: peakTogether,
        seconds: (lastAt - (markedAt ?? lastAt)) / 1000,
      };
    },
  };
}
