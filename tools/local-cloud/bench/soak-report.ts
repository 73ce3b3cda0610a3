/** `pnpm start --json`'s report as the soak reads it, and the pieces of the soak's own report. */
import type { CostReport } from '../src/cost/cost-report.js';
import type { ProcessProfile } from './process-profile.js';

export interface CliReport {
  inputs: {
    input: string;
    pipeline: string;
    outcome: string;
    detail: string;
    problems: { check: string }[];
  }[];
  totals: { inputs: Record<string, number>; deliveries: Record<string, number>; problems: number };
  unsettled: { input: string; pipeline: string; outcome: string; problems: { check: string }[] }[];
  figures: {
    wallMs: number;
    invocations: number;
    invocationsPerSecond: number;
    deliveries: number;
    reuploads: number;
    removals?: { deleted: number; restored: number };
    coldStarts: Record<string, number>;
    environmentsReplaced: number;
    functionS3Requests: Record<string, number>;
    runnerS3Requests: Record<string, number>;
    peakRssBytes: { runner: number; functions: number };
  };
  cost?: CostReport;
}

export const MiB = 1024 * 1024;
export const sum = (counts: Record<string, number>): number =>
  Object.values(counts).reduce((a, b) => a + b, 0);

/** Where the CPU went (seconds, and the share of the two cores over the run) and each component's peak memory. */
export function profileLines(profile: ProcessProfile): string[] {
  const cores = 2;
  const available = profile.seconds * cores;
  const used = sum(profile.cpuSeconds);
  const byCpu = Object.entries(profile.cpuSeconds).sort(([, a], [, b]) => b - a);
  return [
    `CPU over ${profile.seconds.toFixed(0)} s (${available.toFixed(0)} core-seconds on ${cores} cores): ${used.toFixed(0)} s used; ${byCpu
      .map(
        ([name, seconds]) => `${name} ${seconds.toFixed(0)} s (${((100 * seconds) / available).toFixed(0)}%)`,
      )
      .join(', ')}`,
    `peak RSS by component: ${Object.entries(profile.peakRssBytes)
      .map(([name, bytes]) => `${name} ${(bytes / MiB).toFixed(0)} MiB`)
      .join(', ')}; runner + emulator together ${(profile.peakRunnerAndEmulatorBytes / MiB).toFixed(0)} MiB`,
  ];
}

/** `PutObject 120, GetObject 80, ...`, most first. */
export function byCount(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
}

export function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const total = { ...a };
  for (const [k, n] of Object.entries(b)) total[k] = (total[k] ?? 0) + n;
  return total;
}

/** The runner's commands as the front door names operations (lib-storage's uploads are PutObject or multipart). */
export function mergeRunner(counts: Record<string, number>): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const [command, n] of Object.entries(counts)) {
    const op = command.replace(/Command$/, '');
    merged[op] = (merged[op] ?? 0) + n;
  }
  return merged;
}
