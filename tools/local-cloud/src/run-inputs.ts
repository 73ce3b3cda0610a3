import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Upload } from '@aws-sdk/lib-storage';
import { listKeys, readBody } from '@pipeline/testing';
import type { LocalCloud } from './deploy-local.js';
import { EventDelivery, type DeliveryResult, type EventDeliveryOptions } from './event-delivery.js';
import { peekMessages, queueNameOfArn, queueUrlOfArn } from './failure-queue.js';
import type { PlannedUpload } from './input-plan.js';
import { localPathOf } from './out-dir.js';
import { matchingTriggers } from './notification-match.js';
import { eventNameOfETag } from './object-watcher.js';
import { cloudWatchObserver } from './observe-outcome.js';
import type { RunReport } from './report.js';

export interface RunOptions {
  /** Give up on inputs without an outcome after this long. */
  readonly timeoutMs: number;
  readonly progress: (line: string) => void;
  readonly faultInjection?: EventDeliveryOptions['faultInjection'];
  readonly retryDelayMs?: number;
  readonly concurrency?: number;
}

const POLL_INTERVAL_MS = 250;
const PART_SIZE = 8 * 1024 * 1024;

/** A delivery pipe for the deployed stack: the same watcher serves a batch run and `--watch`. */
export function createDelivery(
  cloud: LocalCloud,
  options: RunOptions,
  onResult?: (r: DeliveryResult) => void,
): EventDelivery {
  return new EventDelivery({
    deployment: cloud.deployment,
    s3: cloud.clients.s3,
    sqs: cloud.clients.sqs,
    endpoint: cloud.emulator.endpoint,
    concurrency: options.concurrency ?? 2,
    retryDelayMs: options.retryDelayMs ?? 200,
    faultInjection: options.faultInjection,
    onResult,
    observer: cloud.runsFunctions
      ? {
          outcomes: cloudWatchObserver(cloud.clients.logs, cloud.clients.sqs, Date.now()),
          timeoutMs: options.timeoutMs || 300_000,
        }
      : undefined,
  });
}

/** Uploads the planned files, delivers the events they cause, and waits until each has an outcome. */
export async function runInputs(
  cloud: LocalCloud,
  uploads: readonly PlannedUpload[],
  options: RunOptions,
): Promise<RunReport> {
  const delivery = createDelivery(cloud, options, (r) =>
    options.progress(`  ${r.outcome.padEnd(8)} ${r.pipeline.padEnd(8)} s3://${r.bucket}/${r.key}`),
  );
  await delivery.baseline();
  const expected: { bucket: string; key: string; functionName: string | undefined; pipeline: string }[] = [];
  for (const upload of uploads) {
    const eventName = eventNameOfETag(await uploadFile(cloud, upload));
    for (const trigger of matchingTriggers(cloud.deployment.triggers, upload.bucket, upload.key, eventName)) {
      const functionName = cloud.deployment.functions.get(trigger.functionArn)?.fn.name;
      expected.push({ bucket: upload.bucket, key: upload.key, functionName, pipeline: upload.pipeline });
    }
  }
  options.progress(`uploaded ${uploads.length} input(s); ${expected.length} invocation(s) expected`);
  const reached = (e: (typeof expected)[number]): boolean =>
    delivery.results.some(
      (r) => r.bucket === e.bucket && r.key === e.key && r.functionName === e.functionName,
    );
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    await delivery.pollOnce();
    if (!delivery.busy && expected.every(reached)) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  const missing = expected
    .filter((e) => !reached(e))
    .map(({ bucket, key, pipeline }) => ({ bucket, key, pipeline }));
  return { results: [...delivery.results], missing };
}

/** Uploads one file (multipart above PART_SIZE) and returns the ETag S3 gave it. */
async function uploadFile(cloud: LocalCloud, upload: PlannedUpload): Promise<string> {
  const { ETag } = await new Upload({
    client: cloud.clients.s3,
    params: { Bucket: upload.bucket, Key: upload.key, Body: createReadStream(upload.file) },
    partSize: PART_SIZE,
    queueSize: 2,
  }).done();
  return ETag ?? '';
}

async function writeUnder(root: string, parts: readonly string[], body: Uint8Array | string): Promise<void> {
  const target = localPathOf(root, ...parts);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, body);
}

/** Downloads every object the run produced in the stack's buckets, and every failure message, into `outDir`. */
export async function downloadOutputs(
  cloud: LocalCloud,
  inputs: ReadonlySet<string>,
  outDir: string,
): Promise<number> {
  let count = 0;
  for (const bucket of cloud.deployment.buckets) {
    for (const key of await listKeys(cloud.clients.s3, bucket)) {
      if (inputs.has(`${bucket}/${key}`)) continue;
      await writeUnder(outDir, [bucket, key], await readBody(cloud.clients.s3, bucket, key));
      count++;
    }
  }
  for (const fn of cloud.deployment.functions.values()) {
    const arn = fn.asyncConfig.onFailureDestination;
    if (arn === undefined) continue;
    for (const message of await peekMessages(
      cloud.clients.sqs,
      await queueUrlOfArn(cloud.clients.sqs, arn),
    )) {
      await writeUnder(
        outDir,
        ['_failure-destinations', queueNameOfArn(arn), `${message.MessageId}.json`],
        message.Body ?? '',
      );
      count++;
    }
  }
  return count;
}
