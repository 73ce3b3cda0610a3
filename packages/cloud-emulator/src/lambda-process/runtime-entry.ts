import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The entry script of every invocation process. Kept as text and written to a temporary file on
 * first use, so the runner works the same under tsx, jest and a bundle, wherever its sources live.
 */
const RUNTIME_SOURCE = `'use strict';
// Runs one Lambda invocation in this fresh Node process, as the Node.js runtime would: loads the
// handler module from the unpacked artifact, passes the event and a context, and reports the result
// (or the error, shaped like Lambda's) as one JSON line on file descriptor 3.
const { writeSync } = require('node:fs');
const { join } = require('node:path');

const [codeDir, handlerSpec] = process.argv.slice(2);
const payload = JSON.parse(process.env.LOCAL_CLOUD_INVOCATION);
delete process.env.LOCAL_CLOUD_INVOCATION;

let requireMs = 0;
// Which native addons the handler loaded (sharp's, DuckDB's), so artifact tests can see where from.
const nativeModules = () => Object.keys(require.cache).filter((path) => path.endsWith('.node'));

function report(message) {
  writeSync(3, \`\${JSON.stringify({ ...message, requireMs, nativeModules: nativeModules() })}\\n\`);
}

async function main() {
  const dot = handlerSpec.lastIndexOf('.');
  const started = process.hrtime.bigint();
  const mod = require(join(codeDir, handlerSpec.slice(0, dot)));
  requireMs = Number(process.hrtime.bigint() - started) / 1e6;
  const handler = mod[handlerSpec.slice(dot + 1)];
  if (typeof handler !== 'function') throw new TypeError(\`\${handlerSpec} is not a function in \${codeDir}\`);
  const deadline = Date.now() + payload.timeoutMs;
  const context = {
    awsRequestId: payload.requestId,
    invokedFunctionArn: payload.functionArn,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    memoryLimitInMB: String(payload.memoryMb),
    logGroupName: \`/aws/lambda/\${process.env.AWS_LAMBDA_FUNCTION_NAME}\`,
    logStreamName: 'local-cloud',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  return handler(payload.event, context);
}

main().then(
  (result) => {
    report({ ok: true, result: result === undefined ? null : result });
    process.exit(0);
  },
  (error) => {
    const e = error instanceof Error ? error : new Error(String(error));
    // Beyond Lambda's own fields: the error's code and, for a batch error, each record's code, for tests.
    const errorCode = typeof e.code === 'string' ? e.code : undefined;
    const failureCodes = Array.isArray(e.failures) ? e.failures.map((f) => (f && f.error && f.error.code) || undefined) : undefined;
    report({ ok: false, errorType: e.name, errorMessage: e.message, errorCode, failureCodes, stackTrace: (e.stack ?? '').split('\\n').slice(1).map((l) => l.trim()) });
    process.exit(1);
  },
);
`;

/** Path of the runtime entry script, written once per content hash. */
export function runtimeEntryPath(): string {
  return scriptPath('invoke-handler', RUNTIME_SOURCE);
}

/**
 * Writes `source` to `<tmp>/pipeline-local-cloud/<name>-<hash>.cjs` once per content hash and
 * returns its path: child-process entry scripts kept as text, whatever runs this module.
 */
export function scriptPath(name: string, source: string): string {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'pipeline-local-cloud');
  const file = join(dir, `${name}-${hash}.cjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Written under a temporary name and renamed, so a process started meanwhile never reads half a file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, source);
    renameSync(partial, file);
  }
  return file;
}
