/**
 * `pnpm soak` (root) / `pnpm bench` here: the local cloud at scale under chaos. Writes the mix
 * (bench/mix.ts: N inputs, default 10,000), runs `pnpm start --input MIX --chaos SEED --inject-fault
 * FAULTME --json` as a user would (it starts its own moto and enforces IAM) while profiling its
 * process tree (CPU seconds and peak memory of the emulator, each function's environments and the
 * runner), then measures the emulator's own ceiling for the same request mix on a fresh moto, and
 * prints: inputs, invocations, outcomes by kind, inputs without an outcome, invocations a second,
 * cold starts, peak RSS, where the CPU went, wall time, the run against the ceiling, and the cost
 * table (`--cost`): what a million inputs of this mix would cost per pipeline. `--report FILE` is passed
 * to pnpm start (the run's HTML report); `--json FILE` keeps its JSON report.
 *
 *   pnpm soak [-- --count N --seed S --fault-rate R --concurrency C --ceiling-seconds S --report FILE --json FILE]
 *
 * Options are read first (soak-options.ts) with light imports only; the emulator harness, sharp
 * (the mix) and the cost model are imported once there is work to do.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withEnforcedMoto } from './enforced-moto.js';
import { runCli, type CliRun } from './run-cli.js';
import { profileProcessTree } from './process-profile.js';
import { parseSoakOptions, SOAK_USAGE } from './soak-options.js';
import { soakFailures } from './soak-verdict.js';
import { addCounts, byCount, type CliReport, MiB, mergeRunner, profileLines, sum } from './soak-report.js';
import { buildWhenAsked } from '../src/cli/build-first.js';
import { onInterrupt, progress, runCommand, writeOut } from '../src/cli/command.js';
import { CouldNotStartError } from '../src/errors.js';
import { EXIT_OK, exitCodeOf } from '../src/cli/exit-codes.js';

/** pnpm runs package scripts in the package's folder. */
const PACKAGE = process.cwd();
async function main(): Promise<number> {
  const options = parseSoakOptions(process.argv.slice(2));
  if (options === 'help') {
    await writeOut(`${SOAK_USAGE}\n`);
    return EXIT_OK;
  }
  buildWhenAsked();
  const { FAULT_MARKER, writeMix } = await import('./mix.js');
  const { measureCeiling } = await import('./ceiling.js');
  const { renderCostTable } = await import('../src/cost/cost-report.js');
  const dir = await mkdtemp(join(tmpdir(), 'local-cloud-soak-'));
  let child: number | undefined;
  let running: Promise<CliRun> | undefined;
  // Ctrl-C, forwarded once: pnpm start stops its emulator and environments (exit 130), the mix goes, then exit 130.
  const forget = onInterrupt(async () => {
    if (child !== undefined) process.kill(child, 'SIGINT');
    await running;
    await rm(dir, { recursive: true, force: true });
  });
  try {
    const mixStarted = Date.now();
    progress(`writing a mix of ${options.count} inputs`);
    const mix = await writeMix(dir, { count: options.count, seed: options.seed });
    progress(
      `wrote ${mix.files} inputs (${(mix.bytes / MiB).toFixed(0)} MiB) in ${((Date.now() - mixStarted) / 1000).toFixed(0)} s`,
    );
    let profiler: ReturnType<typeof profileProcessTree> | undefined;
    // pnpm start's progress (stderr) comes through as it is drawn: plain lines every few seconds.
    running = runCli(
      PACKAGE,
      [
        '--input',
        dir,
        '--json',
        '--chaos',
        options.seed,
        '--fault-rate',
        String(options.faultRate),
        '--inject-fault',
        FAULT_MARKER,
        '--concurrency',
        String(options.concurrency),
        '--timeout',
        '3600',
        '--cost',
        ...(options.reportFile === undefined ? [] : ['--report', options.reportFile]),
      ],
      {
        echo: true,
        ownProcessGroup: true,
        onStart: (pid) => {
          child = pid;
          profiler = profileProcessTree(pid);
        },
        // The run's figures start with the uploads: the deploy before them is left out.
        onStderr: (text) => (/^uploading \d+ input/m.test(text) ? profiler?.mark() : undefined),
      },
    );
    const result = await running;
    child = undefined;
    const profile = profiler?.stop();
    const run = { ...result, emulatorPeak: profile?.peakRssBytes.emulator ?? 0 };
    if (run.code !== 0 && run.code !== 1)
      throw new CouldNotStartError(`pnpm start could not run (exit code ${run.code})`);
    const report = JSON.parse(run.stdout) as CliReport;
    const f = report.figures;
    const requests = sum(f.functionS3Requests) + sum(f.runnerS3Requests);
    const ceiling = await withEnforcedMoto((moto, admin) =>
      measureCeiling(moto.endpoint, addCounts(f.functionS3Requests, mergeRunner(f.runnerS3Requests)), {
        seconds: options.ceilingSeconds,
        concurrency: options.concurrency * 2,
        credentials: admin,
      }),
    );
    const perInvocation = requests / Math.max(f.invocations, 1);
    const ceilingInvocations = ceiling.requestsPerSecond / perInvocation;
    const runRequestsPerSecond = requests / (f.wallMs / 1000);
    const faultedUnsettled = report.unsettled.filter(
      (u) => u.input.includes(FAULT_MARKER) && u.outcome === 'failed',
    );
    const lines = [
      `inputs: ${mix.files} files (${Object.entries(mix.byKind)
        .map(([k, n]) => `${n} ${k}`)
        .join(
          ', ',
        )}; ${mix.faulted.length} with ${FAULT_MARKER}, ${mix.corrupt.length} corrupt), ${sum(report.totals.inputs)} input rows (file x pipeline)`,
      `inputs by outcome: ${Object.entries(report.totals.inputs)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}`,
      `inputs without an outcome: ${report.totals.inputs.missing ?? 0}`,
      `events: ${f.deliveries} (${f.reuploads} second uploads, ${f.removals?.deleted ?? 0} deletions, ${f.removals?.restored ?? 0} uploads after a deletion); by outcome: ${Object.entries(
        report.totals.deliveries,
      )
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}`,
      `unsettled: ${report.unsettled.length} (${faultedUnsettled.length} faulted inputs failed as injected; checks failed: ${report.totals.problems})`,
      `invocations: ${f.invocations}, ${f.invocationsPerSecond}/s; cold starts: ${Object.entries(f.coldStarts)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}; environments replaced: ${f.environmentsReplaced}`,
      `peak RSS: runner ${(f.peakRssBytes.runner / MiB).toFixed(0)} MiB, functions' environments ${(f.peakRssBytes.functions / MiB).toFixed(0)} MiB, emulator ${(run.emulatorPeak / MiB).toFixed(0)} MiB; runner + emulator ${((f.peakRssBytes.runner + run.emulatorPeak) / MiB).toFixed(0)} MiB`,
      `wall time (uploads, delivery, checks; deploy excluded): ${(f.wallMs / 1000).toFixed(0)} s`,
      `S3 requests: ${requests} (${perInvocation.toFixed(1)} an invocation), ${runRequestsPerSecond.toFixed(0)}/s; functions' ${byCount(f.functionS3Requests)}; runner's ${byCount(mergeRunner(f.runnerS3Requests))}`,
      `emulator ceiling for this mix (a fresh moto, IAM enforced, ${options.concurrency * 2} clients): ${ceiling.requestsPerSecond} requests/s (${ceiling.errors} errors) = ${ceilingInvocations.toFixed(1)} invocations/s; the run reached ${(f.invocationsPerSecond / ceilingInvocations).toFixed(2)}x of it`,
      ...(profile === undefined ? [] : profileLines(profile)),
      `exit code of pnpm start: ${run.code}`,
    ];
    await writeOut(`${lines.join('\n')}\n`);
    if (report.cost !== undefined) await writeOut(`\n${renderCostTable(report.cost)}\n`);
    // Failures the fault marker does not explain: chaos can fail every attempt of a delivery (a fault
    // or a crash on each), which ends in the failure queue as it should; anything else needs a look.
    const otherFailures = report.inputs.filter(
      (i) => i.outcome === 'failed' && !i.input.includes(FAULT_MARKER),
    );
    for (const failure of otherFailures.slice(0, 20))
      await writeOut(
        `failed without the fault marker: ${failure.pipeline} ${failure.input}: ${failure.detail}\n`,
      );
    if (options.jsonFile !== undefined) await writeFile(options.jsonFile, run.stdout);
    if (report.unsettled.length > faultedUnsettled.length) {
      const byCheck: Record<string, number> = {};
      for (const u of report.unsettled)
        for (const p of u.problems)
          byCheck[`${u.pipeline} ${p.check}`] = (byCheck[`${u.pipeline} ${p.check}`] ?? 0) + 1;
      await writeOut(`failed checks by pipeline: ${JSON.stringify(byCheck)}\n`);
    }
    const failures = soakFailures(report);
    for (const failure of failures) progress(`soak failed: ${failure}`);
    return exitCodeOf(failures.length > 0);
  } finally {
    forget();
    await rm(dir, { recursive: true, force: true });
  }
}

runCommand(main);
