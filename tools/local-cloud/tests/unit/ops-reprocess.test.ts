/**
 * `pnpm reprocess` over a real versioned bucket in the emulator: what it lists (ListObjectsV2 under
 * the prefix, directory markers and objects older than --since left out), the events it delivers
 * (each naming the object's current version, as S3's would), its pacing, and its cursor: a run
 * stopped halfway resumes after the last key delivered without a gap, each object delivered once.
 * The AWS deliverer's Invoke (InvocationType Event) is answered by a stand-in: moto needs Docker to
 * run Lambda Invoke. The local path, against the deployed pipelines, is in the end-to-end test.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaClient, type InvokeCommandInput } from '@aws-sdk/client-lambda';
import { PutBucketVersioningCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseS3Event } from '@pipeline/lambda-kit';
import { cleanupTestBuckets, createTestBucket, emulatorEndpoint, testS3Client } from '@pipeline/testing';
import { fileCursor, type CursorScope } from '../../src/ops/cursor.js';
import type { DeliveryAnswer, EventDeliverer } from '../../src/ops/invoker.js';
import { lambdaDeliverer } from '../../src/ops/lambda-invoker.js';
import { pace, type Clock } from '../../src/ops/pace.js';
import { EXIT_FAILED, exitCodeOf } from '../../src/cli/exit-codes.js';
import { failedDeliveries, keyPrefix, reprocess, type ReprocessOptions } from '../../src/ops/reprocess.js';

const s3: S3Client = testS3Client();
let bucket: string;
let work: string;
const versions = new Map<string, string>();
const KEYS = [
  'uploads/a b.jpg',
  'uploads/b.jpg',
  'uploads/c+1.jpg',
  'uploads/d.jpg',
  'uploads/e.jpg',
  'uploads/f.jpg',
];

beforeAll(async () => {
  bucket = await createTestBucket('reprocess', s3);
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  for (const key of [...KEYS, 'uploads/folder/', 'other/x.jpg']) {
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }));
    versions.set(key, put.VersionId as string);
  }
  // A second version of one key: the event must name the current one.
  const again = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/b.jpg', Body: 'newer' }));
  versions.set('uploads/b.jpg', again.VersionId as string);
  work = await mkdtemp(join(tmpdir(), 'reprocess-test-'));
});
afterAll(async () => {
  await cleanupTestBuckets();
  await rm(work, { recursive: true, force: true });
});

const NO_WAIT: Clock = { now: () => 0, sleep: async () => undefined };

/** Records every event it is given; refuses keys in `refuse`. */
function recorder(refuse: ReadonlySet<string> = new Set()): EventDeliverer & { keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    async deliver(event): Promise<DeliveryAnswer> {
      const key = parseS3Event(event).objects[0]?.key ?? '';
      if (refuse.has(key)) return { accepted: false, error: 'throttled' };
      keys.push(key);
      return { accepted: true, outcome: '1 written' };
    },
    close: async () => undefined,
  };
}

function options(
  deliverer: EventDeliverer | undefined,
  cursorName: string,
  extra: Partial<ReprocessOptions> = {},
): ReprocessOptions {
  const scope: CursorScope = { env: 'dev', pipeline: 'resize', bucket, prefix: 'uploads/', since: undefined };
  return {
    s3,
    scope: { bucket, prefix: 'uploads/', region: 'us-east-1' },
    deliverer,
    pace: pace(1000, NO_WAIT),
    cursor: fileCursor(join(work, cursorName), scope),
    concurrency: 2,
    ...extra,
  };
}

describe('pnpm reprocess', () => {
  it('delivers one Event invocation per object under the prefix, each naming its current version', async () => {
    const invoked: InvokeCommandInput[] = [];
    const lambda = new LambdaClient({ endpoint: emulatorEndpoint(), region: 'us-east-1' });
    // moto runs Lambda Invoke only with Docker: the Invoke call is answered here, as Lambda answers an Event invocation.
    lambda.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'InvokeCommand') return next(args);
        invoked.push(args.input as InvokeCommandInput);
        return { output: { $metadata: { httpStatusCode: 202 }, StatusCode: 202 }, response: {} };
      },
      { step: 'initialize', name: 'invoke-stand-in' },
    );
    const summary = await reprocess(options(lambdaDeliverer(lambda, 'pipeline-dev-resize'), 'aws.json'));
    expect(summary).toMatchObject({
      listed: KEYS.length,
      delivered: KEYS.length,
      gone: 0,
      interrupted: false,
    });
    expect(
      invoked.every((i) => i.FunctionName === 'pipeline-dev-resize' && i.InvocationType === 'Event'),
    ).toBe(true);
    const objects = invoked.map(
      (i) => parseS3Event(JSON.parse(Buffer.from(i.Payload as Uint8Array).toString('utf8'))).objects[0],
    );
    // Two in flight at once: in listing order up to that.
    expect(objects.map((o) => o?.key).sort()).toEqual(KEYS);
    for (const o of objects) {
      expect(o).toMatchObject({
        bucket,
        versionId: versions.get(o?.key ?? ''),
        eventName: 'ObjectCreated:Put',
      });
      expect(o?.size).toBe(o?.key === 'uploads/b.jpg' ? 'newer'.length : `body of ${o?.key}`.length);
    }
    // A finished run leaves no cursor: the next run starts over (and the outputs, being idempotent, stay as they are).
    await expect(readFile(join(work, 'aws.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('resumes after the last key delivered without a gap: every object once over an interrupted run and the next', async () => {
    const controller = new AbortController();
    const first = recorder();
    const stopped = await reprocess(
      options(first, 'resume.json', {
        signal: controller.signal,
        onDelivered: () => first.keys.length === 3 && controller.abort(),
      }),
    );
    expect(stopped.interrupted).toBe(true);
    const saved = JSON.parse(await readFile(join(work, 'resume.json'), 'utf8')) as {
      lastKey: string;
      delivered: number;
    };
    // Stopped after 3 (and whatever was in flight): the cursor is the last of them in listing order.
    expect([...first.keys].sort()).toEqual(KEYS.slice(0, first.keys.length));
    expect(first.keys.length).toBeLessThan(KEYS.length);
    expect(saved.lastKey).toBe(KEYS[first.keys.length - 1]);
    const second = recorder();
    const resumed = await reprocess(options(second, 'resume.json'));
    expect(resumed).toMatchObject({
      resumedAfter: saved.lastKey,
      deliveredBefore: saved.delivered,
      interrupted: false,
    });
    expect([...first.keys, ...second.keys].sort()).toEqual(KEYS);
  });

  it('stops at a refused delivery with the cursor before it, and the next run starts there', async () => {
    const refusing = recorder(new Set(['uploads/d.jpg']));
    await expect(reprocess(options(refusing, 'refused.json', { concurrency: 1 }))).rejects.toThrow(
      /uploads\/d\.jpg was refused: throttled/,
    );
    expect(JSON.parse(await readFile(join(work, 'refused.json'), 'utf8'))).toMatchObject({
      lastKey: 'uploads/c+1.jpg',
    });
    const next = recorder();
    await reprocess(options(next, 'refused.json'));
    expect(next.keys.sort()).toEqual(['uploads/d.jpg', 'uploads/e.jpg', 'uploads/f.jpg']);
  });

  it('leaves out objects older than --since, and lists without delivering on a dry run', async () => {
    const later = await reprocess(
      options(recorder(), 'since.json', {
        scope: { bucket, prefix: 'uploads/', region: 'us-east-1', since: new Date(Date.now() + 3_600_000) },
      }),
    );
    expect(later).toMatchObject({ listed: KEYS.length, olderThanSince: KEYS.length, delivered: 0 });
    const dry = await reprocess(options(undefined, 'dry.json'));
    expect(dry).toMatchObject({ listed: KEYS.length, delivered: KEYS.length });
    await expect(readFile(join(work, 'dry.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('counts the deliveries that failed, which make the command exit 1', async () => {
    const failing: EventDeliverer = {
      async deliver(event): Promise<DeliveryAnswer> {
        const key = parseS3Event(event).objects[0]?.key ?? '';
        return {
          accepted: true,
          outcome: key === 'uploads/d.jpg' ? 'failed after 3 attempt(s); in the failure queue' : 'written',
        };
      },
      close: async () => undefined,
    };
    const summary = await reprocess(options(failing, 'failing.json'));
    expect(summary.outcomes).toEqual({
      written: KEYS.length - 1,
      'failed after 3 attempt(s); in the failure queue': 1,
    });
    expect(failedDeliveries(summary)).toBe(1);
    expect(exitCodeOf(failedDeliveries(summary) > 0)).toBe(EXIT_FAILED);
  });

  it('refuses a cursor file left by a run over other objects', async () => {
    const other: CursorScope = { env: 'dev', pipeline: 'etl', bucket, prefix: 'raw/', since: undefined };
    await fileCursor(join(work, 'other.json'), other).save('raw/x.csv', 1);
    await expect(reprocess(options(recorder(), 'other.json'))).rejects.toThrow(
      /is the cursor of another run/,
    );
  });
});

describe('its pieces', () => {
  it('puts --prefix under the source prefix unless it is already there', () => {
    expect(keyPrefix('uploads/', 'photos/')).toBe('uploads/photos/');
    expect(keyPrefix('uploads/', 'uploads/photos/')).toBe('uploads/photos/');
    expect(keyPrefix('raw/', '')).toBe('raw/');
    expect(keyPrefix('raw/', '/orders/')).toBe('raw/orders/');
  });

  it('spaces deliveries 1/rate apart, without bursts', async () => {
    let now = 1_000;
    const slept: number[] = [];
    const clock: Clock = { now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
    const paced = pace(4, clock);
    for (let i = 0; i < 4; i++) await paced.next();
    expect(slept).toEqual([250, 250, 250]);
    now += 1_000; // idle for a while: the next slot is now, not a burst of the slots missed
    await paced.next();
    await paced.next();
    expect(slept).toEqual([250, 250, 250, 250]);
  });
});
