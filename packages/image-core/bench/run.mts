/**
 * `pnpm bench`: generates photo-like inputs, times the library against raw sharp and the
 * seed's Pillow code in the same run (interleaved rounds, medians), measures peak RSS in
 * child processes, prints a table and writes JSON to bench-results/.
 * Environment: BENCH_ROUNDS (default 5), SEED_PYTHON (a python3 with Pillow, or `none`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { contenders } from './contenders.js';
import { measureDetection } from './detection.js';
import { generateInputs } from './inputs.js';
import { Samples, timed } from './measure.js';
import { findSeedPython, runSeedRound } from './pillow.js';
import { criteria, printReport, writeReport } from './report.js';
import { measureRss } from './rss.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
// No libvips operation cache: repeated runs on one buffer must not be served from it.
sharp.cache(false);

const work = await mkdtemp(join(tmpdir(), 'image-core-bench-'));
console.log(`Generating inputs in ${work} ...`);
const inputs = await generateInputs(join(work, 'inputs'));
const seed = findSeedPython();
console.log(
  seed.found
    ? `Seed baseline: ${seed.path} (Pillow ${seed.pillow})`
    : `Seed baseline skipped: ${seed.reason}`,
);
console.log(
  `sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, ${rounds} rounds after one warm-up, cache off\n`,
);

const methods = contenders(join(work, 'out'));
const samples = new Samples();
const seedErrors: Record<string, string> = {};
for (let round = 0; round <= rounds; round += 1) {
  for (const input of inputs) {
    for (const [name, run] of Object.entries(methods)) {
      const sample = await timed(() => run(input));
      if (round > 0) samples.add(name, input.name, sample);
    }
  }
  if (!seed.found) continue;
  for (const job of ['half', 'variants'] as const) {
    const result = runSeedRound(
      seed.path,
      join(benchDir, 'seed'),
      job,
      join(work, 'out'),
      inputs.map((input) => input.file),
    );
    for (const input of inputs) {
      const timing = result.results[input.file.split('/').pop() ?? ''];
      if (timing?.error) seedErrors[`${job} ${input.name}`] = timing.error;
      else if (timing !== undefined && round > 0) samples.add(`seed ${job}`, input.name, timing);
    }
  }
}

const largest =
  inputs.find((input) => input.megapixels === 24 && input.icc === 'none') ?? inputs[inputs.length - 1]!;
const rss = measureRss(benchDir, largest.file);
// The seed comparison covers the inputs the seed's code could process.
const seedInputs = inputs
  .map((input) => input.name)
  .filter((name) => !Object.keys(seedErrors).some((key) => key.endsWith(` ${name}`)));
const results = criteria(samples, inputs, seed.found ? seedInputs : [], rss);
printReport(samples, inputs, results, rss);
const detection = measureDetection(inputs);
console.log(
  `lossless-JPEG detection (SOF marker walk): ${detection.maxMicroseconds.toFixed(1)} us per JPEG input at most (${detection.input})`,
);
if (!seed.found) console.log(`seed comparison skipped: ${seed.reason}`);
for (const [key, error] of Object.entries(seedErrors))
  console.log(`seed could not process ${key}: ${error} (left out of the seed comparison)`);
const file = await writeReport(join(benchDir, '..', 'bench-results'), {
  rounds,
  inputs,
  samples,
  criteria: results,
  rss,
  seed,
  seedErrors,
  detection,
});
console.log(`\nWrote ${file}`);
await rm(work, { recursive: true, force: true });
