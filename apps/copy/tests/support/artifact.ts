import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { extractZip } from '@pipeline/lambda-packager';

const run = promisify(execFile);

export const APP_DIR = join(__dirname, '../..');
export const zipPath = (arch: 'arm64' | 'x86_64'): string => join(APP_DIR, 'artifacts', `copy-${arch}.zip`);

function tsxBinary(): string {
  for (let dir = APP_DIR; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules/.bin/tsx');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('tsx is not installed (pnpm install)');
}

/** Runs `pnpm build`'s script (tsx build.ts), as turbo does before `test`. */
export async function buildArtifacts(): Promise<void> {
  await run(tsxBinary(), ['build.ts'], { cwd: APP_DIR });
}

/** Unzips a built artifact into a fresh temporary folder. */
export async function unpack(arch: 'arm64' | 'x86_64'): Promise<string> {
  if (!existsSync(zipPath(arch))) await buildArtifacts();
  const dir = await mkdtemp(join(tmpdir(), `copy-${arch}-`));
  await extractZip(zipPath(arch), dir);
  return dir;
}

export interface Invocation {
  readonly result?: { outcomes: Record<string, number>; ignored: number };
  readonly error?: { name: string; code?: string; message: string; failures: (string | undefined)[] };
  /** Every stdout line, parsed as the JSON the logger writes. */
  readonly logs: Record<string, unknown>[];
}

/** Lambda's side of an invocation: require `index.js`, call `handler(event, context)`. */
const RUNNER = `
const fs = require('node:fs');
const { handler } = require(process.cwd() + '/index.js');
const context = { awsRequestId: process.env.TEST_REQUEST_ID, functionName: 'copy', functionVersion: '$LATEST', memoryLimitInMB: '256', invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:copy' };
handler(JSON.parse(process.env.TEST_EVENT), context).then(
  (result) => fs.writeFileSync(process.env.TEST_RESULT, JSON.stringify({ result })),
  (e) => fs.writeFileSync(process.env.TEST_RESULT, JSON.stringify({ error: { name: e.name, code: e.code, message: e.message, failures: (e.failures || []).map((f) => f.error && f.error.code) } })),
);`;

/** Invokes the unpacked handler in a fresh Node process with `env` (the function's variables) and the emulator's credentials. */
export async function invoke(dir: string, event: unknown, env: Record<string, string>, requestId = 'artifact-test'): Promise<Invocation> {
  const resultFile = join(dir, `result-${requestId}.json`);
  const { stdout } = await run(process.execPath, ['-e', RUNNER], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL ?? '',
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'test',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
      TEST_EVENT: JSON.stringify(event),
      TEST_RESULT: resultFile,
      TEST_REQUEST_ID: requestId,
      ...env,
    },
  });
  const outcome = JSON.parse(await readFile(resultFile, 'utf8')) as Omit<Invocation, 'logs'>;
  await rm(resultFile);
  const logs = stdout.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
  return { ...outcome, logs };
}
