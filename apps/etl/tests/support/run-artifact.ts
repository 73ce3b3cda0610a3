import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Runs in the fresh Node process: requires the unzipped bundle as Lambda's runtime would
 * (`index.handler`), invokes it with the event from stdin, and reports the outcome and which
 * native addons were loaded (DuckDB's binding, from the zip).
 */
const DRIVER = `'use strict';
const started = process.hrtime.bigint();
const { handler } = require(process.argv[2] + '/index.js');
const requireMs = Number(process.hrtime.bigint() - started) / 1e6;
const event = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const nativeModules = () => Object.keys(require.cache).filter((path) => path.endsWith('.node'));
const report = (outcome) => process.stdout.write('\\n@@RESULT ' + JSON.stringify({ ...outcome, requireMs, nativeModules: nativeModules() }) + '\\n');
handler(event, { awsRequestId: 'artifact-req-1', functionName: 'etl' }).then(
  (summary) => report({ summary }),
  (error) => report({ error: { name: error.name, code: error.code, message: error.message } }),
);
`;

export interface ArtifactRun {
  readonly summary?: { outcomes: Record<string, number>; ignored: number };
  readonly error?: { name: string; code?: string; message: string };
  readonly requireMs: number;
  /** Paths of the `.node` addons the process loaded. */
  readonly nativeModules: string[];
  /** The function's JSON log lines, from stdout and stderr. */
  readonly logs: Record<string, unknown>[];
  readonly stderr: string;
}

function parseOutput(stdout: string, stderr: string): ArtifactRun {
  const result = stdout.split('\n').find((line) => line.startsWith('@@RESULT '));
  if (result === undefined) throw new Error(`The artifact reported nothing.\nstdout: ${stdout}\nstderr: ${stderr}`);
  // Powertools writes info lines to stdout and warnings/errors to stderr, one JSON object per line.
  const logs = `${stdout}\n${stderr}`
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { ...(JSON.parse(result.slice('@@RESULT '.length)) as Omit<ArtifactRun, 'logs' | 'stderr'>), logs, stderr };
}

/**
 * Invokes the handler of the artifact unzipped in `dir`, in a new `node` process whose
 * environment holds only what Lambda would give it plus the emulator endpoint.
 */
export async function invokeArtifact(dir: string, event: unknown, env: Record<string, string>): Promise<ArtifactRun> {
  const driver = join(dir, '..', 'invoke-driver.cjs');
  await writeFile(driver, DRIVER);
  const child = spawn(process.execPath, [driver, dir], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(JSON.stringify(event));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`The artifact process exited with ${code}.\nstdout: ${stdout}\nstderr: ${stderr}`);
  return parseOutput(stdout, stderr);
}
