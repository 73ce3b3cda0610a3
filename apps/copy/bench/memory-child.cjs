'use strict';
// Runs inside a fresh Node process, in the unzipped artifact's folder: loads the handler as Lambda
// would, warms it up on a small object, then copies the big object while sampling RSS.
// Prints one JSON line: idle RSS, peak RSS (sampled and the kernel's high-water mark), timings.
const fs = require('node:fs');
const path = require('node:path');

const MiB = 1024 * 1024;
const rss = () => process.memoryUsage.rss();
/** The kernel's peak RSS (VmHWM) since the last reset, in bytes. */
const highWaterMark = () =>
  Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
const resetHighWaterMark = () => fs.writeFileSync('/proc/self/clear_refs', '5');
const context = (id) => ({
  awsRequestId: id,
  functionName: 'copy-bench',
  functionVersion: '$LATEST',
  memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:copy-bench',
});

async function main() {
  const started = process.hrtime.bigint();
  const { handler } = require(path.join(process.cwd(), 'index.js'));
  const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
  const [warmEvent, bigEvent] = JSON.parse(process.env.BENCH_EVENTS);
  await handler(warmEvent, context('warm-up'));
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const idle = rss();
  resetHighWaterMark();
  let sampledPeak = idle;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, rss());
  }, 5);
  const copyStarted = process.hrtime.bigint();
  const result = await handler(bigEvent, context('big-copy'));
  const copyMs = Number(process.hrtime.bigint() - copyStarted) / 1e6;
  clearInterval(sampler);
  const peak = Math.max(sampledPeak, highWaterMark());
  const report = {
    loadMs,
    copyMs,
    idleRssMiB: idle / MiB,
    peakRssMiB: peak / MiB,
    sampledPeakMiB: sampledPeak / MiB,
    kernelPeakMiB: highWaterMark() / MiB,
    result,
  };
  process.stderr.write(`BENCH_RESULT ${JSON.stringify(report)}\n`);
}

main().catch((error) => {
  process.stderr.write(`BENCH_ERROR ${error && error.stack}\n`);
  process.exitCode = 1;
});
