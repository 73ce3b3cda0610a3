import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Upload } from '@aws-sdk/lib-storage';
import { objectVersionOf } from '@pipeline/lambda-kit';
import { CALM, type Chaos } from './chaos.js';
import type { LocalCloud } from '../deploy/deploy-local.js';
import { EventDelivery, type DeliveryResult } from './event-delivery.js';
import { allMessages, queueUrlOfArn } from './failure-queue.js';
import { openFrontDoor, type FrontDoor } from './front-door.js';
import { FunctionRuntime, type InvocationListener, type RoleCredentialsHook } from './function-runtime.js';
import type { PlannedUpload } from './input-plan.js';
import { eventNameOfETag, type NewObject } from './object-watcher.js';
import { cloudWatchObserver } from './observe-outcome.js';
import { startProgress, type ProgressSink } from './progress.js';
import type { RunFigures, RunReport } from '../report/report.js';
import { processesRssBytes, samplePeakRss } from './rss.js';
import { Slots } from './slots.js';
import { Verdicts } from '../verify/verdicts.js';
import { checkFailureQueue } from '../verify/verify.js';

export interface RunOptions {
  /** Give up on inputs without an outcome after this long. */
  readonly timeoutMs: number;
  /** One-off lines (what is being done). */
  readonly progress: (line: string) => void;
  /** Where the progress line goes; absent: none. */
  readonly progressSink?: ProgressSink;
  /** No progress line, no line per event (pnpm start sets neither: its progress is on stderr, --json or not). */
  readonly quiet?: boolean;
  /** Keys containing this marker find S3 unreachable from the functions (`--inject-fault`). */
  readonly injectFault?: string;
  readonly chaos?: Chaos;
  readonly retryDelayMs?: number;
  /** Invocations at once, and the most environments any function gets. @default 4 */
  readonly concurrency?: number;
  /** The execution-role hook (see function-runtime.ts). @default the deployed roles (`cloud.roles`) */
  readonly roleCredentials?: RoleCredentialsHook;
  /** Told of every invocation as it ends (see function-runtime.ts). */
  readonly onInvocation?: InvocationListener;
}

const PART_SIZE = 8 * 1024 * 1024;
const UPLOADS_AT_ONCE = 4;
/** Runs up to this many inputs also print a line per event. */
const LINE_PER_EVENT_UP_TO = 50;

/** The runner's machinery for one run: the functions' front door, their environments, the delivery. */
export interface Delivering {
  readonly delivery: EventDelivery;
  readonly runtime: FunctionRuntime | undefined;
  readonly frontDoor: FrontDoor | undefined;
  close(): Promise<void>;
}

/** Opens the front door, the functions' environments and the delivery; the same serve a batch run and `--watch`. */
export async function startDelivering(
  cloud: LocalCloud,
  options: RunOptions,
  hooks: { onResult?: (r: DeliveryResult) => void; onReupload?: (object: NewObject) => void } = {},
): Promise<Delivering> {
  const concurrency = options.concurrency ?? 4;
  const frontDoor = cloud.runsFunctions
    ? undefined
    : await openFrontDoor({
        target: cloud.emulator.endpoint,
        unreachableMarker: options.injectFault,
        callers: [...cloud.deployment.functions.values()].map((fn) => fn.fn.name),
      });
  const runtime =
    frontDoor === undefined
      ? undefined
      : new FunctionRuntime(cloud.deployment, {
          endpoint: (name) => frontDoor.endpointOf(name),
          concurrency,
          roleCredentials: options.roleCredentials ?? cloud.roles.hook,
          onInvocation: options.onInvocation,
        });
  const delivery = new EventDelivery({
    deployment: cloud.deployment,
    sqs: cloud.clients.sqs,
    concurrency,
    retryDelayMs: options.retryDelayMs ?? 200,
    runtime,
    rules: options.chaos ?? CALM,
    frontDoor,
    onResult: hooks.onResult,
    onReupload: hooks.onReupload,
    observer: cloud.runsFunctions
      ? {
          outcomes: cloudWatchObserver(cloud.clients.logs, cloud.clients.sqs, Date.now()),
          timeoutMs: options.timeoutMs || 300_000,
        }
      : undefined,
  });
  return {
    delivery,
    runtime,
    frontDoor,
    async close() {
      await runtime?.close();
      await frontDoor?.close();
    },
  };
}

/** Uploads one file (multipart above PART_SIZE); the event S3 would send for it, from S3's answer. */
export async function uploadFile(
  cloud: LocalCloud,
  upload: PlannedUpload,
  file = upload.file,
): Promise<NewObject> {
  const { size } = await stat(file);
  const answer = await new Upload({
    client: cloud.clients.s3,
    params: { Bucket: upload.bucket, Key: upload.key, Body: createReadStream(file) },
    partSize: PART_SIZE,
    queueSize: 2,
  }).done();
  const { versionId, eTag = '' } = objectVersionOf(answer);
  return {
    bucket: upload.bucket,
    key: upload.key,
    versionId,
    eTag,
    size,
    eventName: eventNameOfETag(eTag),
  };
}

/** Another file of the same pipeline and extension, as a key's second version under chaos. */
function secondContent(
  chaos: Chaos | undefined,
  uploads: readonly PlannedUpload[],
  upload: PlannedUpload,
): string {
  const extension = (file: string): string => file.slice(file.lastIndexOf('.')).toLowerCase();
  const alike = uploads.filter(
    (u) =>
      u.pipeline === upload.pipeline &&
      u.file !== upload.file &&
      extension(u.file) === extension(upload.file),
  );
  return chaos?.pick(alike, 'second-content', upload.bucket, upload.key)?.file ?? upload.file;
}

/**
 * Uploads the planned files and delivers the events S3 would send for them (built from the
 * PutObject answers: no listing), waits until every delivery has ended or the timeout, and checks
 * every input's outcome against S3.
 */
export async function runInputs(
  cloud: LocalCloud,
  uploads: readonly PlannedUpload[],
  options: RunOptions,
): Promise<RunReport> {
  const started = Date.now();
  const runnerRequests = countRequests(cloud);
  const byKey = new Map(uploads.map((u) => [`${u.bucket}/${u.key}`, u]));
  const uploading = new Set<Promise<void>>();
  const slots = new Slots(UPLOADS_AT_ONCE);
  let expected = 0;
  let reuploads = 0;
  const lines = !options.quiet && uploads.length <= LINE_PER_EVENT_UP_TO;
  // Each input is checked as soon as its key is settled (verdicts.ts), while the run goes on.
  const verdicts = new Verdicts(cloud.clients.s3, uploads);
  const machinery = await startDelivering(cloud, options, {
    onResult: (r) => {
      verdicts.delivered(r);
      if (lines)
        options.progress(`  ${r.outcome.padEnd(10)} ${r.pipeline.padEnd(8)} s3://${r.bucket}/${r.key}`);
    },
    onReupload: (object) => {
      const upload = byKey.get(`${object.bucket}/${object.key}`);
      if (upload === undefined) return;
      reuploads++;
      verdicts.opened(upload.bucket, upload.key);
      track(
        slots.run(async () => {
          const second = await uploadFile(cloud, upload, secondContent(options.chaos, uploads, upload));
          deliverUpload(second, 'reupload');
        }),
      );
    },
  });
  /** Delivers an uploaded object's events; its upload no longer holds its key open, its deliveries do. */
  const deliverUpload = (object: NewObject, cause?: 'reupload'): void => {
    const count = delivery.deliver(object, cause);
    expected += count;
    verdicts.opened(object.bucket, object.key, count);
    verdicts.closed(object.bucket, object.key);
  };
  const { delivery, runtime, frontDoor } = machinery;
  // The runner and its functions' environments; the emulator is measured on its own (pnpm soak).
  const rss = samplePeakRss({
    runner: () => processesRssBytes([process.pid]),
    functions: () => processesRssBytes(runtime?.pids() ?? []),
  });
  const track = (task: Promise<void>): void => {
    uploading.add(task);
    void task.finally(() => uploading.delete(task));
  };
  const ticker = startProgress(
    options.progressSink ?? { isTTY: false, write: () => undefined },
    () => progressCounts(delivery.results, expected, runtime),
    { quiet: options.quiet === true || options.progressSink === undefined },
  );
  try {
    for (const upload of uploads) {
      verdicts.opened(upload.bucket, upload.key);
      track(slots.run(async () => deliverUpload(await uploadFile(cloud, upload))));
    }
    const finished = settle(uploading, delivery);
    const timedOut = await Promise.race([
      finished.then(() => false),
      sleep(options.timeoutMs).then(() => true),
    ]);
    ticker.stop();
    options.progress(
      `${timedOut ? 'timed out' : 'done'}: ${uploads.length} input(s) and ${reuploads} second upload(s); ${delivery.results.length} of ${expected} event(s) ended; ${verdicts.done} input(s) already checked against S3, checking the rest`,
    );
    const inputs = checkFailureQueue(await verdicts.all(), await queuedFailures(cloud));
    const figures = {
      ...runFigures(started, delivery.results, runtime, frontDoor, rss.stop(), reuploads),
      runnerS3Requests: runnerRequests.stop(),
    };
    return { results: [...delivery.results], inputs, figures };
  } finally {
    ticker.stop();
    await machinery.close();
  }
}

/** Resolves when no upload is running and no delivery is pending, including those that start meanwhile. */
async function settle(uploading: Set<Promise<void>>, delivery: EventDelivery): Promise<void> {
  while (uploading.size > 0 || delivery.busy) {
    if (uploading.size > 0) await Promise.all([...uploading]);
    else await delivery.drain();
  }
}

function progressCounts(
  results: readonly DeliveryResult[],
  expected: number,
  runtime: FunctionRuntime | undefined,
) {
  const byOutcome: Record<string, number> = {};
  for (const r of results) byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
  const invocations = Object.values(runtime?.stats() ?? {}).reduce((sum, s) => sum + s.invocations, 0);
  return { byOutcome, ended: results.length, expected, invocations };
}

function runFigures(
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
function countRequests(cloud: LocalCloud): { stop(): Record<string, number> } {
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** The message ids in every function's failure destination. */
async function queuedFailures(cloud: LocalCloud): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const fn of cloud.deployment.functions.values()) {
    const arn = fn.asyncConfig.onFailureDestination;
    if (arn === undefined) continue;
    for (const message of await allMessages(cloud.clients.sqs, await queueUrlOfArn(cloud.clients.sqs, arn)))
      if (message.MessageId !== undefined) ids.add(message.MessageId);
  }
  return ids;
}
