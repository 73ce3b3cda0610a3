/**
 * The four commands run as a user runs them (their root pnpm scripts, or their entries under tsx):
 * `--help` and `-h` answer with the usage and exit 0 without building or loading infra, the SDK or
 * sharp (every module the process resolved is recorded and read back); usage errors exit 2 with the
 * message and the usage on stderr and nothing on stdout, before any build; `--json` through a root
 * script is the JSON document alone on stdout; Ctrl-C (SIGINT) exits 130.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { EMULATOR_ENV, emulatorEndpoint, testS3Client } from '@pipeline/testing';
import { SOAK_USAGE } from '../../bench/soak-options.js';
import { USAGE } from '../../src/cli/cli-options.js';
import { REDRIVE_USAGE, REPROCESS_USAGE } from '../../src/ops/ops-options.js';
import { SMOKE_USAGE } from '../../src/ops/smoke-options.js';

const PACKAGE = join(__dirname, '..', '..');
const ROOT = join(PACKAGE, '..', '..');
const BUILD_LINE = 'building what the local cloud runs';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly onSpawn?: (child: ChildProcess) => void;
  /** Called with the child's stderr so far, each time more comes. */
  readonly onStderr?: (stderr: string) => void;
}

/** The environment of a command run from a terminal: none of the test harness's emulator settings. */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (extra.AWS_ENDPOINT_URL === undefined) delete env.AWS_ENDPOINT_URL;
  delete env.PIPELINE_EMULATOR;
  return env;
}

function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd ?? PACKAGE,
      env: options.env ?? userEnv(),
    });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      options.onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const tsx = (entry: string, args: readonly string[], options?: RunOptions): Promise<Run> =>
  run(join(PACKAGE, 'node_modules', '.bin', 'tsx'), [entry, ...args], options);

/** `pnpm -s NAME -- ARGS` from the repository's root, as the README has it. */
const rootScript = (name: string, args: readonly string[], options?: RunOptions): Promise<Run> =>
  run('pnpm', ['-s', name, '--', ...args], { cwd: ROOT, ...options });

/** Runs `entry` with the module recorder: what it printed, and every module URL it resolved. */
async function recorded(entry: string, args: readonly string[]): Promise<Run & { modules: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'record-imports-'));
  const file = join(dir, 'modules.txt');
  try {
    const result = await run(
      process.execPath,
      ['--import', 'tsx', '--import', './tests/support/record-imports.mjs', ...entry.split(' '), ...args],
      { env: userEnv({ RECORD_IMPORTS_FILE: file }) },
    );
    return { ...result, modules: readFileSync(file, 'utf8').split('\n').filter(Boolean) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Infra, the AWS SDK, sharp, the emulator harness, and the modules of each command that bring them. */
const HEAVY =
  /node_modules\/.*(@aws-sdk|sharp|cdktf)|\/infra\/src\/|\/packages\/testing\/src\/|-command\.ts$|\/bench\/mix\.ts$/;

const COMMANDS = [
  { name: 'start', entry: 'src/cli/start-main.ts', usage: USAGE },
  { name: 'soak', entry: 'bench/soak.ts', usage: SOAK_USAGE },
  { name: 'redrive', entry: 'src/ops/redrive-main.ts', usage: REDRIVE_USAGE },
  { name: 'reprocess', entry: 'src/ops/reprocess-main.ts', usage: REPROCESS_USAGE },
  { name: 'smoke', entry: 'src/ops/smoke-main.ts', usage: SMOKE_USAGE },
] as const;

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

describe('Ctrl-C', () => {
  /** An endpoint that accepts connections and never answers: a command using it waits until interrupted. */
  let silent: Server;
  let silentEndpoint: string;
  const sockets = new Set<Socket>();
  let connected: () => void = () => undefined;
  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      connected();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address() as { port: number };
    silentEndpoint = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  /**
   * Runs `entry` against the silent endpoint and sends SIGINT `times` once it waits: on the endpoint,
   * or until its stderr matches `until`.
   */
  async function interrupted(
    entry: string,
    args: readonly string[],
    options: { readonly times: number; readonly until?: RegExp },
  ): Promise<Run> {
    let child: ChildProcess | undefined;
    let stderrSeen: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => {
      connected = options.until === undefined ? resolve : () => undefined;
      stderrSeen = resolve;
    });
    const running = tsx(entry, args, {
      env: userEnv({ ...EMULATOR_ENV, AWS_ENDPOINT_URL: silentEndpoint }),
      onSpawn: (c) => (child = c),
      onStderr: (text) => (options.until?.test(text) === true ? stderrSeen() : undefined),
    });
    const first = await Promise.race([waiting.then(() => 'waiting'), running.then(() => 'ended')]);
    if (first === 'ended') return running;
    for (let i = 0; i < options.times; i++) {
      child?.kill('SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return running;
  }

  it('pnpm redrive: exits 130', async () => {
    const result = await interrupted('src/ops/redrive-main.ts', ['--env', 'dev', '--pipeline', 'copy'], {
      times: 1,
    });
    expect([result.code, result.stdout]).toEqual([130, '']);
  }, 60_000);

  it('pnpm reprocess: the first Ctrl-C waits for the work in hand, a second stops it at once with 130', async () => {
    const cursor = mkdtempSync(join(tmpdir(), 'reprocess-cursor-'));
    try {
      const args = ['--env', 'dev', '--pipeline', 'copy', '--prefix', '', '--cursor', join(cursor, 'c.json')];
      const result = await interrupted('src/ops/reprocess-main.ts', args, { times: 2 });
      expect(result.code).toBe(130);
      expect(result.stderr).toContain('interrupted: stopping (Ctrl-C again to stop at once)');
    } finally {
      rmSync(cursor, { recursive: true, force: true });
    }
  }, 60_000);

  it('pnpm soak: exits 130 while it writes its mix', async () => {
    const result = await interrupted('bench/soak.ts', ['--count', '50000'], {
      times: 1,
      until: /writing a mix of 50000 inputs/,
    });
    expect(result.code).toBe(130);
  }, 60_000);

  it('pnpm start: exits 130', async () => {
    const result = await interrupted('src/cli/start-main.ts', ['--timeout', '30'], { times: 1 });
    expect([result.code, result.stderr]).toEqual([130, expect.any(String)]);
  }, 60_000);
});
