import { scriptPath } from './runtime-entry.js';

/** The line each invocation's stdout and stderr end with, so its logs are known to be complete. */
export const END_OF_INVOCATION = '\u001eEND-OF-INVOCATION ';

/**
 * The entry script of a warm execution environment: a long-lived Node process that loads the
 * handler module once (the cold start, on the first invocation, as Lambda's init) and then handles
 * invocations one at a time, as Lambda's Node.js runtime does. Module-scope state persists between
 * them. Invocations arrive as IPC messages; each answer goes back as one, after an end marker on
 * stdout and stderr. An error while loading the module ends the process after answering (Lambda
 * discards an environment whose init failed).
 */
const WORKER_SOURCE = `'use strict';
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const [codeDir, handlerSpec] = process.argv.slice(2);
const END = ${JSON.stringify(END_OF_INVOCATION)};
let handler;
let requireMs;

function load() {
  const dot = handlerSpec.lastIndexOf('.');
  const started = process.hrtime.bigint();
  const mod = require(join(codeDir, handlerSpec.slice(0, dot)));
  requireMs = Number(process.hrtime.bigint() - started) / 1e6;
  const found = mod[handlerSpec.slice(dot + 1)];
  if (typeof found !== 'function') throw new TypeError(\`\${handlerSpec} is not a function in \${codeDir}\`);
  handler = found;
}

function contextOf(message) {
  const deadline = Date.now() + message.timeoutMs;
  return {
    awsRequestId: message.requestId,
    invokedFunctionArn: message.functionArn,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    memoryLimitInMB: String(message.memoryMb),
    logGroupName: \`/aws/lambda/\${process.env.AWS_LAMBDA_FUNCTION_NAME}\`,
    logStreamName: \`local-cloud/\${process.pid}\`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

// What one invocation used, for the cost model and the budget gate. CPU time is the whole process's
// (every thread: libvips', DuckDB's). Peak memory: Linux keeps the process's resident high-water mark
// (VmHWM), which writing 5 to /proc/self/clear_refs resets, so each invocation gets its own exact peak;
// where that is not possible the resident size is sampled every 5 ms (and may miss a short spike).
function resetPeak() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function highWaterMark() {
  try {
    const found = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return found ? Number(found[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

// Time the process's threads spent runnable but waiting for a CPU (Linux's schedstat, second field,
// in ns, summed over threads): the machine's load, not the function's work. The cost model leaves it
// out of the modelled duration, so a busy machine does not make a function look slow.
function runQueueNs() {
  try {
    let total = 0;
    for (const task of readdirSync('/proc/self/task'))
      total += Number(readFileSync('/proc/self/task/' + task + '/schedstat', 'utf8').split(' ')[1]) || 0;
    return total;
  } catch {
    return undefined;
  }
}

function startMeasuring() {
  const exact = resetPeak();
  const queuedBefore = runQueueNs();
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let sampled = process.memoryUsage.rss();
  const sampler = exact ? undefined : setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 5);
  return () => {
    if (sampler) clearInterval(sampler);
    const used = process.cpuUsage(cpu);
    const peak = Math.max(sampled, process.memoryUsage.rss(), (exact && highWaterMark()) || 0);
    const queuedAfter = runQueueNs();
    return {
      wallMs: Number(process.hrtime.bigint() - started) / 1e6,
      cpuMs: (used.user + used.system) / 1000,
      queuedMs: queuedBefore === undefined || queuedAfter === undefined ? undefined : Math.max(0, queuedAfter - queuedBefore) / 1e6,
      peakRssBytes: peak,
      peakRssFrom: exact ? 'high-water-mark' : 'sampled',
    };
  };
}

function errorReport(error) {
  const e = error instanceof Error ? error : new Error(String(error));
  const errorCode = typeof e.code === 'string' ? e.code : undefined;
  const failureCodes = Array.isArray(e.failures) ? e.failures.map((f) => (f && f.error && f.error.code) || undefined) : undefined;
  return { ok: false, errorType: e.name, errorMessage: e.message, errorCode, failureCodes, stackTrace: (e.stack ?? '').split('\\n').slice(1).map((l) => l.trim()) };
}

process.on('message', async (message) => {
  const coldStart = handler === undefined;
  // From before the init on a cold start: Lambda bills the init phase too.
  const measured = startMeasuring();
  let answer;
  let initFailed = false;
  try {
    if (coldStart) {
      try {
        load();
      } catch (error) {
        initFailed = true;
        throw error;
      }
    }
    const result = await handler(message.event, contextOf(message));
    answer = { ok: true, result: result === undefined ? null : result };
  } catch (error) {
    answer = errorReport(error);
  }
  const measures = measured();
  process.stdout.write(END + message.requestId + '\\n');
  process.stderr.write(END + message.requestId + '\\n');
  process.send({ ...answer, requestId: message.requestId, coldStart, initFailed, requireMs: coldStart ? requireMs : undefined, measures }, () => {
    if (initFailed) process.exit(1);
  });
});
`;

/** Path of the warm worker's entry script. */
export function workerEntryPath(): string {
  return scriptPath('warm-worker', WORKER_SOURCE);
}
