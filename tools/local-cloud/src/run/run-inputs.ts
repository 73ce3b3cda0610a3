import type { LocalCloud } from '../deploy/deploy-local.js';
import type { EventDelivery } from './event-delivery.js';
import { allMessages, queueUrlOfArn } from './failure-queue.js';
import type { PlannedUpload } from './input-plan.js';
import type { NewObject } from './object-watcher.js';
import { startProgress } from './progress.js';
import type { RunReport } from '../report/report.js';
import { processesRssBytes, samplePeakRss } from './rss.js';
import { startDelivering, type RunOptions } from './delivering.js';
import { countRequests, progressCounts, runFigures } from './run-figures.js';
import { Slots } from './slots.js';
import { CALM } from './chaos.js';
import { Removals } from './removals.js';
import { removeObject, secondContent, uploadFile } from './upload.js';
import { Verdicts } from '../verify/verdicts.js';
import { checkFailureQueue } from '../verify/verify.js';

const UPLOADS_AT_ONCE = 4;
/** Runs up to this many inputs also print a line per event. */
const LINE_PER_EVENT_UP_TO = 50;

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
  // Under chaos some keys are deleted once settled, and some of those uploaded again (removals.ts).
  const removals = new Removals(options.chaos ?? CALM);
  // Each input is checked as soon as its key is settled (verdicts.ts), while the run goes on.
  const verdicts = new Verdicts(cloud.clients.s3, uploads, 4, (bucket, key) => {
    const upload = byKey.get(`${bucket}/${key}`);
    const step = upload === undefined ? undefined : removals.next(bucket, key);
    if (upload === undefined || step === undefined) return false;
    verdicts.opened(bucket, key);
    track(
      slots.run(async () => {
        if (step.action === 'restore') {
          deliverUpload(
            await uploadFile(cloud, upload, secondContent(options.chaos, uploads, upload)),
            'restore',
          );
          return;
        }
        const event = await removeObject(cloud, step.version, step.how);
        verdicts.removed({ before: step.version, event });
        deliverUpload(event, 'remove');
      }),
    );
    return true;
  });
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
  /** Delivers an uploaded (or removed) object's events; its upload no longer holds its key open, its deliveries do. */
  const deliverUpload = (object: NewObject, cause?: 'reupload' | 'remove' | 'restore'): void => {
    if (cause !== 'remove') removals.uploaded(object);
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
      `${timedOut ? 'timed out' : 'done'}: ${uploads.length} input(s), ${reuploads} second upload(s), ${removals.removed} deletion(s) and ${removals.restored} upload(s) after one; ${delivery.results.length} of ${expected} event(s) ended; ${verdicts.done} input(s) already checked against S3, checking the rest`,
    );
    const inputs = checkFailureQueue(await verdicts.all(), await queuedFailures(cloud));
    const figures = {
      ...runFigures(started, delivery.results, runtime, frontDoor, rss.stop(), reuploads),
      removals: { deleted: removals.removed, restored: removals.restored },
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
