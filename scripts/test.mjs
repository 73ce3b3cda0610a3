#!/usr/bin/env node
// `pnpm test`: every package's tests, the slowest first. turbo has no task priority, and left to
// itself it started the local cloud's end-to-end suite (three terraform applies on moto, about 60%
// of the run) after most others, so the run took that suite's time on top of theirs. Here the
// builds and the synth run once, then two lanes share the two cores: one runs the slowest suites,
// the other everything else, with `--only` so neither lane rebuilds (or restores from cache) what
// the other is reading. The exit code is non-zero when either lane failed.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Measured on a 2-core machine: the local cloud's suites take about 7 of the 10 minutes of tests. */
const SLOW_PACKAGES = ['@pipeline/local-cloud'];

const filters = (prefix) => SLOW_PACKAGES.map((name) => `--filter=${prefix}${name}`);

function run(args, label) {
  return new Promise((resolve) => {
    const child = spawn('pnpm', ['exec', 'turbo', ...args], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code, signal) => {
      if (code !== 0) process.stderr.write(`${label}: turbo ${args.join(' ')} ended ${signal ?? code}\n`);
      resolve(code ?? 1);
    });
  });
}

function runSync(command, args) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
}

async function main() {
  if (runSync('node', ['scripts/test-probe.mjs']) !== 0) return 2;
  // Everything the test tasks depend on (turbo.json: build, ^build, @pipeline/infra#synth).
  const prepared = await run(['run', 'build', 'synth', '--output-logs=errors-only'], 'build');
  if (prepared !== 0) return prepared;
  const lanes = await Promise.all([
    run(['run', 'test', '--only', '--continue', ...filters('')], 'slow lane'),
    run(['run', 'test', '--only', '--continue', '--concurrency=1', ...filters('!')], 'other lane'),
  ]);
  return lanes.find((code) => code !== 0) ?? 0;
}

const code = await main();
runSync('node', ['packages/jest-config/summary.cjs']);
process.exit(code);
