/**
 * `pnpm reprocess`: runs a pipeline over objects that already exist (S3 only notifies for new ones).
 * Lists the folder with ListObjectsV2 (never ListObjectVersions: moto leaks memory on it), reads each
 * object's current version (HeadObject: the event must name it, as S3's does, or the handler takes it
 * for an older one), and delivers an S3 event per object at a fixed rate, a few at once. The cursor
 * advances over the keys delivered without a gap, so an interrupted run resumes after the last of them.
 */
import { HeadObjectCommand, ListObjectsV2Command, type S3Client, type _Object } from '@aws-sdk/client-s3';
import { versionIdOf } from '@pipeline/lambda-kit';
import { s3EventRecord } from '@pipeline/cloud-emulator';
import type { Cursor } from './cursor.js';
import type { EventDeliverer } from './invoker.js';
import type { Pace } from './pace.js';

interface ReprocessScope {
  readonly bucket: string;
  /** The full key prefix listed. */
  readonly prefix: string;
  /** Only objects last modified at or after this. */
  readonly since?: Date;
  readonly region: string;
}

export interface ReprocessOptions {
  readonly s3: S3Client;
  readonly scope: ReprocessScope;
  /** Absent: a dry run (list and count, deliver nothing, keep no cursor). */
  readonly deliverer: EventDeliverer | undefined;
  readonly pace: Pace;
  readonly cursor: Cursor;
  /** Deliveries in flight at once. */
  readonly concurrency: number;
  readonly onDelivered?: (key: string, outcome: string) => void;
  /** Stops the run between deliveries (Ctrl-C): what is in flight ends, the cursor stays for the next run. */
  readonly signal?: AbortSignal;
}

export interface ReprocessSummary {
  /** The key the run started after (a resumed cursor), and how many the runs before it delivered. */
  readonly resumedAfter: string | undefined;
  readonly deliveredBefore: number;
  readonly listed: number;
  /** Objects this run delivered (or, in a dry run, would deliver). */
  readonly delivered: number;
  readonly olderThanSince: number;
  /** Listed, then gone before their turn. */
  readonly gone: number;
  /** What came of the deliveries, where the deliverer knows (the local cloud). */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Stopped by the signal before the end: the cursor is kept. */
  readonly interrupted: boolean;
}

interface Counts {
  listed: number;
  delivered: number;
  olderThanSince: number;
  gone: number;
  outcomes: Record<string, number>;
}

/**
 * Deliveries that ended failed, where the deliverer knows what came of them (the local cloud's
 * `failed after 3 attempt(s); in the failure queue`, or a handler's `failed (CODE)` outcome).
 */
export function failedDeliveries(summary: Pick<ReprocessSummary, 'outcomes'>): number {
  return Object.entries(summary.outcomes)
    .filter(([outcome]) => /(^|, )failed\b/.test(outcome))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** `--prefix` under the source prefix: `photos/` is `uploads/photos/` for resize; a full prefix stays as it is. */
export function keyPrefix(sourcePrefix: string, prefix: string): string {
  const relative = prefix.replace(/^\/+/, '');
  return relative.startsWith(sourcePrefix) ? relative : `${sourcePrefix}${relative}`;
}

/** Delivers an event for every object in scope after the cursor; clears the cursor when done. */
export async function reprocess(options: ReprocessOptions): Promise<ReprocessSummary> {
  const resumed = options.deliverer === undefined ? undefined : await options.cursor.load();
  const deliveredBefore = resumed?.delivered ?? 0;
  const counts: Counts = { listed: 0, delivered: 0, olderThanSince: 0, gone: 0, outcomes: {} };
  const window = new DeliveryWindow(options, () => deliveredBefore + counts.delivered);
  let interrupted = false;
  for await (const object of listObjects(options.s3, options.scope, resumed?.lastKey)) {
    if (options.signal?.aborted === true) {
      interrupted = true;
      break;
    }
    counts.listed++;
    const key = object.Key as string;
    const tooOld =
      options.scope.since !== undefined && (object.LastModified ?? new Date(0)) < options.scope.since;
    if (tooOld) counts.olderThanSince++;
    else if (options.deliverer === undefined) counts.delivered++;
    if (options.deliverer === undefined) continue;
    if (tooOld) {
      await window.pass(key);
      continue;
    }
    await options.pace.next();
    await window.start(key, () => deliverOne(options, object, counts));
  }
  await window.finish();
  if (options.deliverer !== undefined && !interrupted) await options.cursor.clear();
  return { resumedAfter: resumed?.lastKey, deliveredBefore, ...counts, interrupted };
}

/** Every object under the scope's prefix after `startAfter`, page by page (directory markers left out). */
async function* listObjects(
  s3: S3Client,
  scope: ReprocessScope,
  startAfter: string | undefined,
): AsyncGenerator<_Object> {
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: scope.bucket,
        Prefix: scope.prefix,
        ...(token === undefined && startAfter !== undefined ? { StartAfter: startAfter } : {}),
        ...(token === undefined ? {} : { ContinuationToken: token }),
      }),
    );
    for (const object of page.Contents ?? [])
      if (object.Key !== undefined && !object.Key.endsWith('/')) yield object;
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}

async function deliverOne(options: ReprocessOptions, object: _Object, counts: Counts): Promise<void> {
  const { bucket, region } = options.scope;
  const key = object.Key as string;
  const head = await options.s3
    .send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    .catch((error: { name?: string }) => {
      if (error.name === 'NotFound' || error.name === 'NoSuchKey') return undefined;
      throw error;
    });
  if (head === undefined) {
    counts.gone++;
    return;
  }
  const versionId = versionIdOf(head.VersionId);
  const event = {
    Records: [
      s3EventRecord({
        bucket,
        key,
        size: head.ContentLength,
        eTag: head.ETag,
        versionId,
        region,
        configurationId: 'reprocess',
      }),
    ],
  };
  const answer = await (options.deliverer as EventDeliverer).deliver(event);
  if (!answer.accepted) throw new Error(`the delivery of s3://${bucket}/${key} was refused: ${answer.error}`);
  counts.delivered++;
  const outcome = answer.outcome ?? 'accepted';
  counts.outcomes[outcome] = (counts.outcomes[outcome] ?? 0) + 1;
  options.onDelivered?.(key, outcome);
}

/**
 * Deliveries in flight, in listing order: at most `concurrency` at once; the cursor moves to the
 * last key before which every delivery has ended. A failed delivery stops the run (after the others
 * in flight end), leaving the cursor before it.
 */
class DeliveryWindow {
  private readonly inFlight: { key: string; done: boolean; task: Promise<void> }[] = [];
  private failure: unknown;

  constructor(
    private readonly options: ReprocessOptions,
    /** Deliveries so far, the runs before included (saved with the cursor). */
    private readonly delivered: () => number,
  ) {}

  /** A key passed over in listing order (older than --since): the cursor may move past it. */
  async pass(key: string): Promise<void> {
    this.inFlight.push({ key, done: true, task: Promise.resolve() });
    await this.advance();
  }

  async start(key: string, deliver: () => Promise<void>): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- a delivery's own failure, as it was thrown
    if (this.failure !== undefined) throw this.failure;
    const entry = { key, done: false, task: Promise.resolve() };
    entry.task = deliver().then(
      () => void (entry.done = true),
      (error: unknown) => void (this.failure ??= error),
    );
    this.inFlight.push(entry);
    for (;;) {
      const running = this.inFlight.filter((e) => !e.done);
      if (running.length < this.options.concurrency || this.failure !== undefined) break;
      await Promise.race(running.map((e) => e.task));
    }
    await this.advance();
    if (this.failure !== undefined) await this.stop();
  }

  async finish(): Promise<void> {
    await Promise.all(this.inFlight.map((e) => e.task));
    await this.advance();
    if (this.failure !== undefined) await this.stop();
  }

  private async advance(): Promise<void> {
    let last: string | undefined;
    while (this.inFlight[0]?.done === true) last = this.inFlight.shift()?.key;
    if (last !== undefined) await this.options.cursor.save(last, this.delivered());
  }

  private async stop(): Promise<never> {
    await Promise.all(this.inFlight.map((e) => e.task));
    await this.advance();
    throw this.failure;
  }
}
