/**
 * `pnpm start`: the whole pipeline on a local emulated cloud. start-main.ts reads the command line
 * (cli-options.ts) and loads this module only when there is work to do: it brings infra, the SDK and
 * sharp with it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformUnavailableError } from '@pipeline/infra';
import { terraformAvailability } from '@pipeline/infra';
import type { CliOptions } from './cli-options.js';
import { onInterrupt, progress, writeOut } from './command.js';
import { UsageError } from '../errors.js';
import { exitCodeOf } from './exit-codes.js';
import { orCouldNotStart } from './start-errors.js';
import { deployLocalCloud, type LocalCloud } from '../deploy/deploy-local.js';
import { writeDemoInputs } from '../run/demo-inputs.js';
import { listFiles, planUploads } from '../run/input-plan.js';
import { renderJson, renderTable, unsettled } from '../report/report.js';
import { downloadOutputs } from '../report/download-outputs.js';
import { startDelivering } from '../run/delivering.js';
import { runInputs } from '../run/run-inputs.js';
import { Chaos, DEFAULT_CHAOS_RATES } from '../run/chaos.js';
import { ObjectWatcher } from '../run/object-watcher.js';
import { costReport, renderCostTable } from '../cost/cost-report.js';
import { deployedFunctions } from '../cost/deployed-shapes.js';
import { RunMeasures } from '../cost/measures.js';
import { runDemoQuery } from '../query/demo-query.js';
import { checkCatalog } from '../verify/catalog-check.js';
import { loadPrices } from '../cost/price-table-file.js';
import type { Prices } from '../cost/prices.js';
import type { RunReport } from '../report/report.js';
import { bothListeners, InvocationTimeline } from '../report/html/invocation-timeline.js';

function chaosOf(options: CliOptions): Chaos | undefined {
  if (options.chaosSeed === undefined) return undefined;
  return new Chaos(options.chaosSeed, {
    ...DEFAULT_CHAOS_RATES,
    fault: options.faultRate ?? DEFAULT_CHAOS_RATES.fault,
  });
}

async function runOnce(cloud: LocalCloud, options: CliOptions): Promise<number> {
  let inputDir = options.inputDir;
  let demoDir: string | undefined;
  if (inputDir === undefined) {
    demoDir = await mkdtemp(join(tmpdir(), 'pipeline-demo-'));
    const written = await writeDemoInputs(demoDir, {
      ordersDataset: 'orders',
      largeBinaryBytes: 24 * 1024 * 1024,
    });
    progress(`generated a demo set of ${written.length} files in ${demoDir}`);
    inputDir = demoDir;
  }
  const uploads = planUploads(await listFiles(inputDir), inputDir, cloud.routes);
  if (uploads.length === 0) throw new UsageError(`${inputDir} holds no files to upload`);
  const chaos = chaosOf(options);
  const measures = options.cost || options.budget || options.reportFile ? new RunMeasures() : undefined;
  const timeline = options.reportFile === undefined ? undefined : new InvocationTimeline();
  // Read before the run, so a bad price file stops it at once.
  const prices = await loadPrices(options.pricesFile);
  progress(
    `uploading ${uploads.length} input(s)${chaos === undefined ? '' : `; chaos seed ${chaos.seed} (fault rate ${chaos.rates.fault})`}`,
  );
  const run = await runInputs(cloud, uploads, {
    timeoutMs: options.timeoutSeconds * 1000,
    progress,
    progressSink: { isTTY: process.stderr.isTTY === true, write: (text) => void process.stderr.write(text) },
    injectFault: options.injectFault,
    chaos,
    concurrency: options.concurrency,
    onInvocation: bothListeners(measures?.record, timeline?.record),
  });
  const report = await withDemoQuery(
    cloud,
    await withCost(cloud, await withCatalog(cloud, run, measures), measures, prices),
    demoDir !== undefined,
  );
  await writeOut(
    `${options.json ? renderJson(report) : `\n${renderTable(report)}${costTable(report, options)}`}\n`,
  );
  if (options.reportFile !== undefined && timeline !== undefined) {
    const { writeHtmlReport } = await import('../report/html/write-report.js');
    const bytes = await writeHtmlReport(options.reportFile, report, {
      s3: cloud.clients.s3,
      timeline: timeline.all(),
    });
    progress(`wrote the run report (${(bytes / 1024).toFixed(0)} KiB) to ${options.reportFile}`);
  }
  if (options.outDir !== undefined) {
    const count = await downloadOutputs(
      cloud,
      new Set(uploads.map((u) => `${u.bucket}/${u.key}`)),
      options.outDir,
    );
    progress(
      `downloaded ${count} output(s), rejection record(s) and failure message(s) into ${options.outDir}`,
    );
  }
  if (demoDir !== undefined) await rm(demoDir, { recursive: true, force: true });
  const needLook = unsettled(report);
  for (const v of needLook)
    progress(
      `not settled: ${v.pipeline} s3://${v.bucket}/${v.key}: ${v.outcome}${v.problems.length > 0 ? ` (${v.problems.map((p) => p.check).join(', ')})` : ''}`,
    );
  const failedBudget = overBudget(report, options);
  const failedQuery = demoDir !== undefined && report.demoQuery === undefined;
  return exitCodeOf(needLook.length > 0 || failedBudget || failedQuery);
}

/**
 * After the demo set, the demo query over what etl wrote (pnpm query's local engine); its failure is
 * said on stderr, and the run exits 1.
 */
async function withDemoQuery(cloud: LocalCloud, report: RunReport, demo: boolean): Promise<RunReport> {
  if (!demo) return report;
  try {
    return { ...report, demoQuery: await runDemoQuery(cloud) };
  } catch (error) {
    progress(`the demo query failed: ${error instanceof Error ? error.message : String(error)}`);
    return report;
  }
}

/** `--budget`: names every invocation over budget on stderr; true when there was any. */
function overBudget(report: RunReport, options: CliOptions): boolean {
  if (!options.budget) return false;
  const over = report.cost?.overBudget ?? [];
  for (const v of over) progress(`over budget: ${v.message}`);
  if (over.length === 0)
    progress(`within budget: every invocation under 80% of its function's deployed memory and timeout`);
  return over.length > 0;
}

/**
 * Every input checked against its object catalog item (catalog-check.ts); the items' sizes then price
 * the catalog writes the run measured (the cost table's DynamoDB column).
 */
async function withCatalog(
  cloud: LocalCloud,
  report: RunReport,
  measures: RunMeasures | undefined,
): Promise<RunReport> {
  if (cloud.catalogTable === undefined) {
    progress('the deployed stack has no object catalog table: inputs are not checked against items');
    return report;
  }
  progress(`checking ${report.inputs.length} input(s) against their items in ${cloud.catalogTable}`);
  const inputs = await checkCatalog(cloud.clients.dynamodb, cloud.catalogTable, report.inputs);
  const units = new Map(
    inputs.map((v) => [`${v.pipeline}\u0000s3://${v.bucket}/${v.key}`, v.catalog?.writeUnits]),
  );
  measures?.priceCatalogWrites((pipeline, input) => units.get(`${pipeline}\u0000${input}`));
  return { ...report, inputs };
}

/** The run's report with the cost table's figures (`--cost`, `--budget`), priced at the deployed shapes. */
async function withCost(
  cloud: LocalCloud,
  report: RunReport,
  measures: RunMeasures | undefined,
  prices: Prices,
): Promise<RunReport> {
  if (measures === undefined) return report;
  const functions = await deployedFunctions(cloud.deployment, cloud.clients.lambda);
  return { ...report, cost: costReport(measures, functions, prices) };
}

function costTable(report: RunReport, options: CliOptions): string {
  if (!options.cost || report.cost === undefined) return '';
  if (report.cost.rows.length === 0)
    return '\n\nno invocation was measured: the emulator ran the functions itself';
  return `\n\n${renderCostTable(report.cost)}`;
}

async function watch(cloud: LocalCloud, options: CliOptions): Promise<number> {
  const machinery = await startDelivering(
    cloud,
    {
      timeoutMs: 0,
      progress,
      injectFault: options.injectFault,
      chaos: chaosOf(options),
      concurrency: options.concurrency,
    },
    {
      onResult: (r) =>
        process.stdout.write(
          `${r.outcome.padEnd(10)} ${r.pipeline.padEnd(8)} s3://${r.bucket}/${r.key} (${r.outputs.length} outputs, ${r.durationMs} ms)\n`,
        ),
    },
  );
  const watched = [...new Map(cloud.deployment.triggers.map((t) => [`${t.bucket}/${t.prefix}`, t])).values()];
  const watcher = new ObjectWatcher(cloud.clients.s3, watched);
  await watcher.baseline();
  const sources = cloud.deployment.triggers.map((t) => `s3://${t.bucket}/${t.prefix}*${t.suffix}`);
  progress(
    `watching ${sources.join(', ')} at ${cloud.emulator.endpoint}\n  (e.g. AWS_ENDPOINT_URL=${cloud.emulator.endpoint} aws s3 cp photo.jpg s3://${cloud.deployment.triggers[0]?.bucket ?? 'BUCKET'}/${cloud.deployment.triggers[0]?.prefix ?? ''}); Ctrl-C stops`,
  );
  let stopping = false;
  const stop = (): void => void (stopping = true);
  // Ctrl-C ends the watch (exit 130) once what is in flight has drained; SIGTERM ends it with 0.
  onInterrupt(stop, { finish: true });
  process.once('SIGTERM', stop);
  try {
    while (!stopping) {
      for (const object of await watcher.poll())
        machinery.delivery.deliver(
          object,
          object.eventName.startsWith('ObjectRemoved:') ? 'remove' : 'upload',
        );
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await machinery.delivery.drain();
  } finally {
    await machinery.close();
  }
  return 0;
}

/** Runs `pnpm start` with its options read; resolves to its exit code (exit-codes.ts). */
export function runLocalCloud(options: CliOptions): Promise<number> {
  return orCouldNotStart(async () => {
    // Fail before starting anything when terraform is missing.
    const terraform = terraformAvailability(process.env, { allowRegistry: true });
    if (!terraform.available)
      throw new TerraformUnavailableError(`cannot run terraform: ${terraform.reason}`);
    const cloud = await deployLocalCloud({ progress, deny: options.deny });
    let stopped: Promise<void> | undefined;
    const stop = (): Promise<void> => (stopped ??= cloud.stop());
    // Ctrl-C during a run: stop the emulator and the functions' environments, then exit 130.
    const forget = options.watch ? () => undefined : onInterrupt(stop);
    try {
      return options.watch ? await watch(cloud, options) : await runOnce(cloud, options);
    } finally {
      forget();
      await stop();
    }
  });
}
