/**
 * Resident memory of processes, sampled from /proc (Linux; elsewhere the figures are absent), and
 * the process tree under a process (the soak's profile walks the CLI's).
 */
import { readdirSync, readFileSync } from 'node:fs';

function rssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0; // gone meanwhile
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields after the last ')' are fixed.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** `root` and every process descended from it (just `root` where /proc is absent). */
export function descendantPids(root: number): number[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [root];
  }
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    found.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Resident memory of these processes (not their children), in bytes. */
export function processesRssBytes(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + rssKb(pid) * 1024, 0);
}

/** Samples each named measure (bytes now) every `everyMs` and keeps each one's peak. */
export function samplePeakRss(
  measures: Readonly<Record<string, () => number>>,
  everyMs = 1_000,
): { peaks(): Record<string, number>; stop(): Record<string, number> } {
  const peaks: Record<string, number> = Object.fromEntries(Object.keys(measures).map((name) => [name, 0]));
  const sample = (): void => {
    for (const [name, measure] of Object.entries(measures))
      peaks[name] = Math.max(peaks[name] ?? 0, measure());
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    peaks: () => ({ ...peaks }),
    stop() {
      clearInterval(timer);
      sample();
      return { ...peaks };
    },
  };
}
