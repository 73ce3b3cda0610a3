import { execSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { DetectionCost } from './detection.js';
import type { BenchInput } from './inputs.js';
import type { Sample, Samples } from './measure.js';
import type { SeedPython } from './pillow.js';
import type { RssReport } from './rss.js';

/** One acceptance criterion: a measured ratio against its target. */
export interface Criterion {
  readonly criterion: string;
  readonly measured: number;
  readonly baseline: number;
  readonly ratio: number;
  readonly target: string;
  readonly pass: boolean;
}

/** Columns of the per-input table: report label -> method name. */
const COLUMNS: Readonly<Record<string, string>> = {
  'lib half': 'library half',
  'sharp half': 'sharp half',
  'lib web': 'library web',
  'sharp web': 'sharp web',
  'lib four': 'library four',
  'sharp 4 seq': 'sharp four sequential',
  'sharp 4 par': 'sharp four parallel',
  'lib half f': 'library half files',
  'seed half': 'seed half',
  'lib four f': 'library four files',
  'seed four': 'seed variants',
};

function ratioCriterion(
  samples: Samples,
  label: string,
  measured: string,
  baseline: string,
  inputs: readonly string[],
  target: { max?: number; min?: number },
  metric: keyof Sample = 'wallMs',
): Criterion | undefined {
  const ours = samples.total(measured, inputs, metric);
  const theirs = samples.total(baseline, inputs, metric);
  if (ours === undefined || theirs === undefined) return undefined;
  // "max": ours / theirs must stay under it; "min": speed-up theirs / ours must reach it.
  const ratio = target.max !== undefined ? ours / theirs : theirs / ours;
  const pass = target.max !== undefined ? ratio <= target.max : ratio >= (target.min ?? 0);
  return {
    criterion: label,
    measured: ours,
    baseline: theirs,
    ratio,
    target: target.max !== undefined ? `<= ${target.max}x` : `>= ${target.min}x`,
    pass,
  };
}

/** The acceptance criteria, computed from the samples. */
export function criteria(
  samples: Samples,
  inputs: readonly BenchInput[],
  seedInputs: readonly string[],
  rss: RssReport,
): Criterion[] {
  const all = inputs.map((input) => input.name);
  const list = [
    ratioCriterion(
      samples,
      'four variants, one call vs 4 sharp pipelines in sequence (wall)',
      'library four',
      'sharp four sequential',
      all,
      { max: 0.5 },
    ),
    ratioCriterion(
      samples,
      'four variants, one call vs 4 sharp pipelines in sequence (CPU)',
      'library four',
      'sharp four sequential',
      all,
      { max: 0.5 },
      'cpuMs',
    ),
    ratioCriterion(
      samples,
      'four variants, one call vs 4 sharp pipelines in parallel (wall, 2 cores)',
      'library four',
      'sharp four parallel',
      all,
      { max: 0.5 },
    ),
    ratioCriterion(samples, 'single variant (half) vs raw sharp', 'library half', 'sharp half', all, {
      max: 1.1,
    }),
    ratioCriterion(samples, 'single variant (web) vs raw sharp', 'library web', 'sharp web', all, {
      max: 1.1,
    }),
    ratioCriterion(
      samples,
      "throughput vs seed's Pillow code, halve (file to file)",
      'library half files',
      'seed half',
      seedInputs,
      { min: 1.5 },
    ),
    ratioCriterion(
      samples,
      "throughput vs seed's Pillow code, four variants (file to file)",
      'library four files',
      'seed variants',
      seedInputs,
      { min: 1.5 },
    ),
  ];
  const rssCriterion: Criterion = {
    criterion: 'peak RSS, four variants of a 24 MP JPEG (MB, child process)',
    measured: rss.library,
    baseline: rss['sharp-parallel'],
    ratio: rss.library / rss['sharp-parallel'],
    target: '<= 400 MB',
    pass: rss.library <= 400,
  };
  return [...list.filter((item): item is Criterion => item !== undefined), rssCriterion];
}

const ms = (value: number | undefined): string => (value === undefined ? '-' : value.toFixed(0));

/** Prints the per-input table and the criteria. */
export function printReport(
  samples: Samples,
  inputs: readonly BenchInput[],
  results: readonly Criterion[],
  rss: RssReport,
): void {
  const labels = Object.keys(COLUMNS).filter((label) => samples.has(COLUMNS[label] ?? ''));
  const rows = inputs.map((input) => [
    input.name,
    ...labels.map((label) => ms(samples.perInput(COLUMNS[label] ?? '', input.name))),
  ]);
  const totals = [
    'total (median of round totals)',
    ...labels.map((label) =>
      ms(
        samples.total(
          COLUMNS[label] ?? '',
          inputs.map((input) => input.name),
        ),
      ),
    ),
  ];
  const table = [['input (ms, median)', ...labels], ...rows, totals];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  for (const row of table)
    console.log(
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  '),
    );
  console.log(
    `\npeak RSS (MB): idle ${rss.idle}, library four ${rss.library}, sharp 4 parallel ${rss['sharp-parallel']}, sharp 4 sequential ${rss['sharp-sequential']}\n`,
  );
  for (const result of results) {
    const figure = result.target.endsWith('MB')
      ? `${result.measured} MB`
      : `${result.ratio.toFixed(2)}x (${ms(result.measured)} vs ${ms(result.baseline)} ms)`;
    console.log(`${result.pass ? 'PASS' : 'FAIL'}  ${result.criterion}: ${figure}, target ${result.target}`);
  }
}

function gitCommit(): string | undefined {
  try {
    return execSync('git rev-parse --short HEAD', {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/** Writes the whole run as JSON (timestamped, plus latest.json) so commits can be compared. */
export async function writeReport(
  directory: string,
  content: {
    rounds: number;
    inputs: readonly BenchInput[];
    samples: Samples;
    criteria: readonly Criterion[];
    rss: RssReport;
    seed: SeedPython;
    seedErrors: Readonly<Record<string, string>>;
    detection: DetectionCost;
  },
): Promise<string> {
  const createdAt = new Date().toISOString();
  const report = {
    createdAt,
    commit: gitCommit(),
    node: process.version,
    sharp: sharp.versions.sharp,
    libvips: sharp.versions.vips,
    cpus: cpus().length,
    rounds: content.rounds,
    sharpCache: 'off',
    seed: content.seed,
    seedErrors: content.seedErrors,
    losslessJpegDetection: content.detection,
    inputs: content.inputs.map(({ name, megapixels, format, icc, orientation, data }) => ({
      name,
      megapixels,
      format,
      icc,
      orientation,
      bytes: data.length,
      medianMs: Object.fromEntries(
        Object.entries(COLUMNS).map(([label, method]) => [label, content.samples.perInput(method, name)]),
      ),
    })),
    criteria: content.criteria,
    rssMb: content.rss,
  };
  await mkdir(directory, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const file = join(directory, `image-core-${createdAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, json);
  await writeFile(join(directory, 'latest.json'), json);
  return file;
}
