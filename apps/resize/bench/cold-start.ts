// `pnpm --filter @pipeline/resize bench`: zip sizes, and the cold start of the x86_64 artifact
// (the architecture this machine runs): the time a fresh Node process takes to require the
// unzipped bundle (config, S3 client, logger, sharp + libvips), against a bare `node` baseline
// measured in the same run (the machine is shared: compare ratios, not absolute figures).
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractZip, LAMBDA_ARCHS } from '@pipeline/lambda-packager';
import { artifactPath } from '../build-options.js';

const RUNS = Number(process.env['RUNS'] ?? 15);
const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Prints `{ requireMs, rssMiB }` after requiring `target` (or nothing) in this fresh process. */
const PROBE = `const t = process.hrtime.bigint(); if (process.argv[1]) require(process.argv[1]);
process.stdout.write(JSON.stringify({ requireMs: Number(process.hrtime.bigint() - t) / 1e6, rssMiB: process.memoryUsage().rss / 2 ** 20 }));`;

interface Sample {
  readonly wallMs: number;
  readonly requireMs: number;
  readonly rssMiB: number;
}

function sample(target: string | undefined): Sample {
  const env = {
    PATH: process.env['PATH'] ?? '',
    DESTINATION_BUCKET: 'cold-start-bench',
    AWS_REGION: 'us-east-1',
  };
  const started = process.hrtime.bigint();
  const out = execFileSync(process.execPath, ['-e', PROBE, ...(target === undefined ? [] : [target])], {
    env,
    encoding: 'utf8',
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { wallMs, ...(JSON.parse(out) as Omit<Sample, 'wallMs'>) };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function summarize(
  label: string,
  samples: readonly Sample[],
): { label: string; wall: number; require: number } {
  const wall = percentile(
    samples.map((s) => s.wallMs),
    0.5,
  );
  const required = percentile(
    samples.map((s) => s.requireMs),
    0.5,
  );
  const line = [
    label.padEnd(28),
    `process wall median ${wall.toFixed(0)} ms (p90 ${percentile(
      samples.map((s) => s.wallMs),
      0.9,
    ).toFixed(0)})`,
    required < 5
      ? 'require -'
      : `require median ${required.toFixed(0)} ms (p90 ${percentile(
          samples.map((s) => s.requireMs),
          0.9,
        ).toFixed(0)})`,
    `rss ${percentile(
      samples.map((s) => s.rssMiB),
      0.5,
    ).toFixed(0)} MiB`,
  ].join('  ');
  console.log(line);
  return { label, wall, require: required };
}

for (const arch of LAMBDA_ARCHS) {
  const { size } = await stat(artifactPath(appDir, arch));
  console.log(`resize-${arch}.zip  ${size} bytes (${(size / 2 ** 20).toFixed(2)} MiB)`);
}
const dir = await mkdtemp(join(tmpdir(), 'resize-cold-'));
try {
  await extractZip(artifactPath(appDir, 'x86_64'), dir);
  const bundle = join(dir, 'index.js');
  sample(bundle); // warm the file cache once, as Lambda's image is local to the host
  const sharpOnly = join(dir, 'node_modules', 'sharp');
  const baseline: Sample[] = [];
  const artifact: Sample[] = [];
  const sharpSamples: Sample[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    baseline.push(sample(undefined));
    artifact.push(sample(bundle));
    sharpSamples.push(sample(sharpOnly));
  }
  console.log(`node ${process.version}, ${RUNS} runs each, interleaved`);
  const base = summarize('baseline (node, nothing)', baseline);
  summarize('sharp + libvips alone', sharpSamples);
  const cold = summarize('resize-x86_64 (require)', artifact);
  console.log(
    `cold start over baseline: +${(cold.wall - base.wall).toFixed(0)} ms process wall (x${(cold.wall / base.wall).toFixed(2)})`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
