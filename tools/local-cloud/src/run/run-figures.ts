/** What a run measured, besides its outcomes: progress counts, the run's figures, the runner's own S3 requests. */
import type { LocalCloud } from '../deploy/deploy-local.js';
import type { RunFigures } from '../report/report.js';
import type { DeliveryResult } from './event-delivery.js';
import type { FrontDoor } from './front-door.js';
import type { FunctionRuntime } from './function-runtime.js';

export function progressCounts(
  results: readonly DeliveryResult[],
  expected: number,
  runtime: FunctionRuntime | undefined,
) {
  const byOutcome: Record<string, number> = {};
  for (const r of results) byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
  const invocations = Object.values(runtime?.stats() ?? {}).reduce((sum, s) => sum + s.invocations, 0);
  return { byOutcome, ended: results.length, expected, invocations };
}

export function runFigures(
  started: number,
  results: readonly DeliveryResult[],
  runtime: FunctionRuntime | undefined,
  frontDoor: FrontDoor | undefined,
  peaks: Record<string, number>,
  reuploads: number,
): RunFigures {
  const wallMs = Date.now() - started;
  const invocations = results.reduce((sum, r) => sum + r.attempts, 0);
  const stats = runtime?.stats() ?? {};
  return {
    wallMs,
    deliveries: results.length,
    reuploads,
    invocations,
    invocationsPerSecond: Math.round((invocations / Math.max(wallMs / 1000, 0.001)) * 10) / 10,
    coldStarts: Object.fromEntries(Object.entries(stats).map(([name, s]) => [name, s.coldStarts])),
    environmentsReplaced: Object.values(stats).reduce((sum, s) => sum + s.replaced, 0),
    functionS3Requests: frontDoor?.counts() ?? {},
    runnerS3Requests: {},
    peakRssBytes: { runner: peaks.runner ?? 0, functions: peaks.functions ?? 0 },
  };
}

/** Counts the runner's own S3 requests (uploads, checks) by command, until stopped. */
export function countRequests(cloud: LocalCloud): { stop(): Record<string, number> } {
  const counts: Record<string, number> = {};
  const name = 'local-cloud-request-count';
  cloud.clients.s3.middlewareStack.add(
    (next, context) => (args) => {
      const command = context.commandName ?? 'unknown';
      counts[command] = (counts[command] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name },
  );
  return {
    stop() {
      cloud.clients.s3.middlewareStack.remove(name);
      return { ...counts };
    },
  };
}
