/**
 * The operations commands on a deployed local cloud: the suite starts a moto of its own and runs
 * `pnpm start` against it with a few faulted inputs (an adopted emulator outlives the run, so its
 * deployment and failure queues stay for the commands), then `pnpm redrive` over the inputs the
 * injected faults failed, `pnpm reprocess` over objects that were uploaded without an event, and
 * `pnpm smoke -- --env local` while `pnpm start -- --watch` delivers the events of what it uploads
 * and removes.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import sharp from 'sharp';
import { findMotoCommand, startMotoServer, type RunningMoto } from '@pipeline/cloud-emulator';
import { runCli, type CliRun } from '../../bench/run-cli.js';
import { FAULT_MARKER } from '../../bench/mix.js';

const PACKAGE = join(__dirname, '..', '..');
const INGEST = 'pipeline-local-ingest';
const PROCESSED = 'pipeline-local-processed';

function command(endpoint: string, script: string, args: readonly string[]): Promise<CliRun> {
  return runCli(PACKAGE, args, { endpoint, script });
}

/** A few inputs for copy, two of them faulted (S3 unreachable for their keys). */
function writeFaultedInputs(): string {
  const input = mkdtempSync(join(tmpdir(), 'operations-inputs-'));
  mkdirSync(join(input, 'ledgers'));
  for (const name of [`a-${FAULT_MARKER}.bin`, `b-${FAULT_MARKER}.bin`, 'c.bin'])
    writeFileSync(join(input, 'ledgers', name), Buffer.alloc(4096, name.charCodeAt(0)));
  return input;
}

async function queueDepth(sqs: SQSClient, queueName: string): Promise<number> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)
  );
}

/** Every object under a prefix: key, ETag and last-modified time (what a rewrite would change), tab-separated. */
async function listing(s3: S3Client, prefix: string): Promise<string[]> {
  const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: PROCESSED, Prefix: prefix }));
  return Contents.map((o) => [o.Key, o.ETag, o.LastModified?.toISOString()].join('\t')).sort();
}

/** Registers the operations tests, on a local cloud of their own. */
export function operationsOnTheLocalCloud(): void {
  describe('operations on a deployed local cloud', () => {
    let moto: RunningMoto | undefined;
    beforeAll(async () => {
      const motoCommand = await findMotoCommand();
      if (motoCommand === undefined) throw new Error('moto server is needed for the operations tests');
      moto = await startMotoServer(motoCommand);
      const run = await command(moto.endpoint, 'src/cli/start-main.ts', [
        '--json',
        '--input',
        writeFaultedInputs(),
        '--inject-fault',
        FAULT_MARKER,
        '--timeout',
        '240',
      ]);
      // The faulted inputs failed (exit 1); anything else means the deployment is not as the tests need.
      if (run.code !== 1) throw new Error(`pnpm start ended ${run.code}:\n${run.stderr.slice(-4000)}`);
    }, 900_000); // a hang guard: a deploy on a busy 2-core machine has taken 3.5 min
    afterAll(() => moto?.stop());
    operationsTests(() => {
      if (moto === undefined) throw new Error('the operations suite has no moto');
      return moto.endpoint;
    });
  });
}

/** The tests; `endpoint` is read when they run. */
function operationsTests(endpoint: () => string): void {
  const clients = () => {
    const common = { endpoint: endpoint(), region: 'us-east-1' };
    return { s3: new S3Client({ ...common, forcePathStyle: true }), sqs: new SQSClient(common) };
  };
  const redrive = (args: readonly string[]) =>
    command(endpoint(), 'src/ops/redrive-main.ts', ['--env', 'local', '--pipeline', 'copy', ...args]);

  it('pnpm redrive: a failed input stays queued while it still fails, and is gone once redriven after the fix', async () => {
    const { s3, sqs } = clients();
    const queued = await queueDepth(sqs, 'pipeline-local-copy-failures');
    expect(queued).toBeGreaterThan(0);
    const listed = await redrive(['--dry-run']);
    expect([listed.code, listed.stdout]).toEqual([
      0,
      expect.stringContaining(`${queued} message(s) would be redriven`),
    ]);
    expect(await queueDepth(sqs, 'pipeline-local-copy-failures')).toBe(queued);
    // Still broken (S3 unreachable for these keys): the invocation fails again and the message stays.
    const stillFailing = await redrive(['--inject-fault', FAULT_MARKER, '--max', '1']);
    expect(stillFailing.code).toBe(1);
    expect(stillFailing.stdout).toContain('0 redriven and deleted, 1 failed again (kept in the queue)');
    expect(await queueDepth(sqs, 'pipeline-local-copy-failures')).toBe(queued);
    // Fixed: every message redriven, deleted only after its invocation succeeded.
    const fixed = await redrive([]);
    expect([fixed.code, fixed.stdout]).toEqual([
      0,
      expect.stringContaining(`${queued} redriven and deleted, 0 failed again`),
    ]);
    expect(await queueDepth(sqs, 'pipeline-local-copy-failures')).toBe(0);
    // What the redriven copies wrote is there now (a key re-uploaded meanwhile may end superseded instead).
    const copied = await s3.send(new ListObjectsV2Command({ Bucket: PROCESSED, Prefix: 'copies/' }));
    const faultedCopies = (copied.Contents ?? []).filter((o) => o.Key?.includes(FAULT_MARKER));
    expect(faultedCopies.length).toBeGreaterThan(0);
  }, 180_000);

  it('pnpm reprocess: objects uploaded without an event are processed; a second run writes nothing new', async () => {
    const { s3 } = clients();
    const image = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#806040' } })
      .jpeg()
      .toBuffer();
    for (const folder of ['incoming', 'uploads'])
      for (const name of ['old 1.jpg', 'old-2.jpg'])
        await s3.send(
          new PutObjectCommand({ Bucket: INGEST, Key: `${folder}/backfill/${name}`, Body: image }),
        );
    const cursorDir = mkdtempSync(join(tmpdir(), 'reprocess-cursor-'));
    const reprocess = (pipeline: string, ...args: string[]) =>
      command(endpoint(), 'src/ops/reprocess-main.ts', [
        '--env',
        'local',
        '--pipeline',
        pipeline,
        '--prefix',
        'backfill/',
        '--rate',
        '20/s',
        '--cursor',
        join(cursorDir, `${pipeline}.json`),
        ...args,
      ]);
    const dry = await reprocess('copy', '--dry-run');
    expect([dry.code, dry.stdout]).toEqual([0, expect.stringContaining('listed 2; would deliver 2')]);
    expect(await listing(s3, 'copies/backfill/')).toEqual([]);

    const first = await reprocess('copy');
    expect([first.code, first.stdout]).toEqual([0, expect.stringContaining('outcomes: 2 written')]);
    const copies = await listing(s3, 'copies/backfill/');
    expect(copies).toHaveLength(2);
    const second = await reprocess('copy');
    expect(second.stdout).toContain('outcomes: 2 skipped (duplicate)');
    expect(await listing(s3, 'copies/backfill/')).toEqual(copies); // not even rewritten

    expect((await reprocess('resize')).stdout).toContain('outcomes: 2 written');
    const variants = (await listing(s3, 'images/variants/')).filter((line) => line.includes('/backfill/'));
    expect(variants.length).toBeGreaterThanOrEqual(2 * 4);
    expect((await reprocess('resize')).stdout).toContain('outcomes: 2 written');
    // resize renders again, to the same keys with the same bytes: no new object, no changed one.
    const again = (await listing(s3, 'images/variants/')).filter((line) => line.includes('/backfill/'));
    const keyAndETag = (lines: string[]) => lines.map((line) => line.split('\t').slice(0, 2).join('\t'));
    expect(keyAndETag(again)).toEqual(keyAndETag(variants));
  }, 180_000);

  it('pnpm smoke --env local: outcomes from the catalog, and removing the sources removes their outputs', async () => {
    const { s3 } = clients();
    let stderr = '';
    let watcherPid: number | undefined;
    let watching: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (watching = resolve));
    const watcher = runCli(PACKAGE, ['--watch'], {
      endpoint: endpoint(),
      onStart: (pid) => (watcherPid = pid),
      onStderr: (text) => {
        stderr += text;
        if (/^watching /m.test(stderr)) watching();
      },
    });
    try {
      await Promise.race([
        ready,
        watcher.then((run) => {
          throw new Error(`pnpm start --watch ended ${run.code}:\n${run.stderr.slice(-4000)}`);
        }),
      ]);
      const smoke = await command(endpoint(), 'src/ops/smoke-main.ts', [
        '--env',
        'local',
        '--timeout',
        '120',
      ]);
      if (smoke.code !== 0)
        throw new Error(`pnpm smoke ended ${smoke.code}:\n${smoke.stdout}\n${smoke.stderr.slice(-4000)}`);
      expect(smoke.stdout).toMatch(
        /^ok {3}resize .*written, 4 output\(s\)\nok {3}etl .*written.*\nsmoke test passed\n$/,
      );
      expect(smoke.stderr).toContain('reading outcomes from the object catalog pipeline-local-catalog');
      expect(smoke.stderr).toMatch(/waiting for the pipelines to remove their \d+ output\(s\)/);
      // The pipelines removed every output with its source: the smoke test had nothing left to remove.
      expect(smoke.stderr).toContain('removed 2 object(s)');
      const left = await s3.send(new ListObjectsV2Command({ Bucket: PROCESSED }));
      expect((left.Contents ?? []).filter((o) => o.Key?.includes('/smoke/'))).toEqual([]);
      // pnpm status reads the image's item back from the local deployment: a tombstone now.
      const image = /^ok {3}resize (\S+):/m.exec(smoke.stdout)?.[1] ?? '';
      const status = await command(endpoint(), 'src/status/status-main.ts', [
        `s3://${INGEST}/${image}`,
        '--json',
      ]);
      expect(status.code).toBe(0);
      const { items } = JSON.parse(status.stdout) as { items: { pipeline: string; kind: string }[] };
      expect(items.map((i) => [i.pipeline, i.kind])).toEqual([['resize', 'removed']]);
    } finally {
      if (watcherPid !== undefined) process.kill(watcherPid, 'SIGTERM');
      await watcher;
    }
  }, 600_000);
}
