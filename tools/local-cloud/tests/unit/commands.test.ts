/**
 * The commands run as a user runs them (their root pnpm scripts, or their entries under tsx):
 * `--help` and `-h` answer with the usage and exit 0 without building or loading infra, the SDK or
 * sharp (every module the process resolved is recorded and read back); usage errors exit 2 with the
 * message and the usage on stderr and nothing on stdout, before any build; `--json` through a root
 * script is the JSON document alone on stdout (Ctrl-C: commands-interrupt.test.ts).
 */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { EMULATOR_ENV, emulatorEndpoint, testS3Client } from '@pipeline/testing';
import { BUILD_LINE, COMMANDS, recorded, rootScript, tsx, userEnv } from '../support/command-runs.js';

/** Infra, the AWS SDK, sharp, DuckDB, the emulator harness, and the modules of each command that bring them. */
const HEAVY =
  /node_modules\/.*(@aws-sdk|sharp|cdktf|@duckdb)|\/infra\/src\/|\/packages\/(testing|cloud-emulator)\/src\/|-command\.ts$|\/bench\/mix\.ts$/;
describe.each(COMMANDS)('pnpm $name', ({ name, entry, usage }) => {
  it('answers --help through its root script with the usage alone on stdout, building nothing', async () => {
    const result = await rootScript(name, ['--help']);
    expect(result).toEqual({ code: 0, stdout: `${usage}\n`, stderr: expect.any(String) });
    expect(result.stderr).not.toContain(BUILD_LINE);
  }, 60_000);

  it('answers -h without loading infra, the SDK or sharp', async () => {
    const result = await recorded(entry, ['-h']);
    expect([result.code, result.stdout]).toEqual([0, `${usage}\n`]);
    expect(result.modules.some((url) => url.endsWith(entry))).toBe(true);
    expect(result.modules.filter((url) => HEAVY.test(url))).toEqual([]);
  }, 60_000);
});

describe('the module recorder', () => {
  it('sees the heavy modules where they are loaded', async () => {
    const result = await recorded('--input-type=module -e', ["await import('@aws-sdk/client-s3')"]);
    expect(result.code).toBe(0);
    expect(result.modules.filter((url) => HEAVY.test(url)).length).toBeGreaterThan(0);
  }, 60_000);
});

describe('usage errors', () => {
  it.each([
    ['start', ['--timeout', 'soon'], 'Expected a positive number of seconds for --timeout but received soon'],
    ['soak', ['--count', '0'], 'Expected a positive integer for --count but received 0'],
    [
      'redrive',
      ['--env', 'dev', '--pipeline', 'copy', '--max', 'all'],
      'Expected a positive integer for --max but received all',
    ],
    [
      'reprocess',
      ['--env', 'dev', '--pipeline', 'copy', '--prefix', '', '--rate', 'fast'],
      'Expected deliveries per second such as 10/s for --rate but received fast',
    ],
    ['redrive', ['--pipeline', 'copy'], 'Expected a value for --env but received nothing'],
    ['start', ['--json', '--inptu', 'photos'], 'Expected one of the options below but received --inptu'],
    [
      'start',
      ['--watch', '--cost'],
      '--cost and --budget measure a run with an end: they do not go with --watch',
    ],
  ])(
    'pnpm %s %j: exit 2, the message and the usage on stderr, nothing on stdout',
    async (name, args, message) => {
      const command = COMMANDS.find((c) => c.name === name) as (typeof COMMANDS)[number];
      const result = await tsx(command.entry, args);
      expect(result).toEqual({ code: 2, stdout: '', stderr: `${message}\n\n${command.usage}\n` });
    },
    60_000,
  );

  it('stop the root script before its build: stdout stays empty', async () => {
    const result = await rootScript('start', ['--json', '--concurrency', '0']);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toMatch(/^Expected a positive integer for --concurrency but received 0\n/);
    expect(result.stderr).not.toContain(BUILD_LINE);
  }, 60_000);
});

describe('--json', () => {
  const endpoint = (): NodeJS.ProcessEnv =>
    userEnv({ ...EMULATOR_ENV, AWS_ENDPOINT_URL: emulatorEndpoint() });

  it('pnpm redrive through its root script: the JSON document alone on stdout', async () => {
    // pnpm redrive --env dev acts on pipeline-dev-copy's failure queue, here in the emulator.
    const sqs = new SQSClient({ endpoint: emulatorEndpoint(), region: 'us-east-1' });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'pipeline-dev-copy-failures' }));
    try {
      const empty = await rootScript(
        'redrive',
        ['--env', 'dev', '--pipeline', 'copy', '--dry-run', '--json'],
        {
          env: endpoint(),
        },
      );
      expect([empty.code, JSON.parse(empty.stdout)]).toEqual([0, { dryRun: true, rows: [] }]);
      // A message that holds no event: listed as unreadable, and the exit code says something failed.
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'not a failure record' }));
      const unreadable = await rootScript(
        'redrive',
        ['--env', 'dev', '--pipeline', 'copy', '--dry-run', '--json'],
        {
          env: endpoint(),
        },
      );
      expect([unreadable.code, JSON.parse(unreadable.stdout)]).toEqual([
        1,
        { dryRun: true, rows: [expect.objectContaining({ result: 'unreadable', inputs: '-' })] },
      ]);
    } finally {
      await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    }
  }, 120_000);

  it('pnpm reprocess through its root script: the summary as JSON alone on stdout', async () => {
    // pnpm reprocess --env dev --pipeline copy lists pipeline-dev-ingest under incoming/, here in the emulator.
    const s3 = testS3Client();
    const bucket = 'pipeline-dev-ingest';
    const keys = ['incoming/commands-test/a.bin', 'incoming/commands-test/b.bin'];
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    try {
      for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
      const result = await rootScript(
        'reprocess',
        ['--env', 'dev', '--pipeline', 'copy', '--prefix', 'commands-test/', '--dry-run', '--json'],
        { env: endpoint() },
      );
      expect([result.code, JSON.parse(result.stdout)]).toEqual([
        0,
        expect.objectContaining({ dryRun: true, listed: 2, delivered: 2, interrupted: false }),
      ]);
    } finally {
      for (const key of keys) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    }
  }, 120_000);
});
