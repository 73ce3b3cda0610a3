import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { Upload } from '@aws-sdk/lib-storage';
import type { LocalCloud } from './deploy-local.js';
import { EventDelivery, type DeliveryResult, type EventDeliveryOptions } from './event-delivery.js';
import type { PlannedUpload } from './input-plan.js';
import { matchingTriggers } from './notification-match.js';
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
  const expected: { bucket: string; key: string; functionArn: string; pipeline: string }[] = [];
  for (const upload of uploads) {
    await uploadFile(cloud, upload);
    const eventName =
      (await stat(upload.file)).size > PART_SIZE
        ? 'ObjectCreated:CompleteMultipartUpload'
        : 'ObjectCreated:Put';
    for (const trigger of matchingTriggers(cloud.deployment.triggers, upload.bucket, upload.key, eventName)) {
      expected.push({
        bucket: upload.bucket,
        key: upload.key,
        functionArn: trigger.functionArn,
        pipeline: upload.pipeline,
      });
    }
  }
  options.progress(`uploaded ${uploads.length} input(s); ${expected.length} invocation(s) expected`);
  const deadline = Date.now() + options.timeoutMs;
  const done = (): boolean =>
    expected.every((e) =>
      delivery.results.some(
        (r) =>
          r.bucket === e.bucket &&
          r.key === e.key &&
          cloud.deployment.functions.get(e.functionArn)?.fn.name === r.functionName,
      ),
    );
  while (Date.now() < deadline) {
    await delivery.pollOnce();
    if (!delivery.busy && done()) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  const missing = expected
    .filter(
      (e) =>
        !delivery.results.some(
          (r) =>
            r.bucket === e.bucket &&
            r.key === e.key &&
            cloud.deployment.functions.get(e.functionArn)?.fn.name === r.functionName,
        ),
    )
    .map(({ bucket, key, pipeline }) => ({ bucket, key, pipeline }));
  return { results: [...delivery.results], missing };
}

async function uploadFile(cloud: LocalCloud, upload: PlannedUpload): Promise<void> {
  await new Upload({
    client: cloud.clients.s3,
    params: { Bucket: upload.bucket, Key: upload.key, Body: createReadStream(upload.file) },
    partSize: PART_SIZE,
    queueSize: 2,
  }).done();
}

/** Downloads every object the run produced in the stack's buckets, and every failure message, into `outDir`. */
export async function downloadOutputs(
  cloud: LocalCloud,
  inputs: ReadonlySet<string>,
  outDir: string,
): Promise<number> {
  let count = 0;
  for (const bucket of cloud.deployment.buckets) {
    let token: string | undefined;
    do {
      const page = await cloud.clients.s3.send(
        new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined || inputs.has(`${bucket}/${object.Key}`)) continue;
        const response = await cloud.clients.s3.send(
          new GetObjectCommand({ Bucket: bucket, Key: object.Key }),
        );
        const target = join(outDir, bucket, ...object.Key.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(
          target,
          await (response.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
        );
        count++;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }
  for (const fn of cloud.deployment.functions.values()) {
    const arn = fn.asyncConfig.onFailureDestination;
    if (arn === undefined) continue;
    const queueName = arn.split(':').pop() ?? '';
    const { QueueUrl } = await cloud.clients.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    // Visibility 0: reading for the download leaves the messages in the queue for whoever handles them.
    const { Messages = [] } = await cloud.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
    );
    for (const message of Messages) {
      const target = join(outDir, '_failure-destinations', queueName, `${message.MessageId}.json`);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, message.Body ?? '');
      count++;
    }
  }
  return count;
}
