import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { renderVariants, type PresetName } from '../src/index.js';
import type { BenchInput } from './inputs.js';

/** The seed's four variants, as presets. */
const SEED_VARIANTS: readonly PresetName[] = ['thumbnail', 'mobile', 'tablet', 'web'];
const SEED_BOXES: readonly (readonly [number, number])[] = [
  [256, 256],
  [800, 600],
  [1024, 768],
  [1200, 800],
];

/** A method under test: one input in, encoded outputs out. */
export type Contender = (input: BenchInput) => Promise<unknown>;

/** What a plain sharp user writes for the same output: upright, in the input's format, quality 80. */
function rawSharp(input: BenchInput, resize: (image: Sharp) => Sharp): Promise<Buffer> {
  const image = resize(sharp(input.data, { autoOrient: true }));
  return (input.format === 'png' ? image.png() : image.jpeg({ quality: 80 })).toBuffer();
}

const rawBox = (input: BenchInput, [width, height]: readonly [number, number]): Promise<Buffer> =>
  rawSharp(input, (image) => image.resize(width, height, { fit: 'inside', withoutEnlargement: true }));

/** Our file-to-file job, as the seed's code does it: read the file, render, write each output. */
async function libraryFiles(
  input: BenchInput,
  variants: readonly PresetName[],
  outDir: string,
): Promise<void> {
  const outputs = await renderVariants(await readFile(input.file), variants);
  await mkdir(outDir, { recursive: true });
  await Promise.all(
    outputs.map((output) =>
      writeFile(join(outDir, `${input.name}-${output.name}.${output.extension}`), output.data),
    ),
  );
}

/** Every contender, by the name the report uses. */
export function contenders(outDir: string): Readonly<Record<string, Contender>> {
  return {
    'library half': (input) => renderVariants(input.data, ['half']),
    'sharp half': (input) => rawSharp(input, (image) => image.resize({ width: Math.round(input.width / 2) })),
    'library web': (input) => renderVariants(input.data, ['web']),
    'sharp web': (input) => rawBox(input, [1200, 800]),
    'library four': (input) => renderVariants(input.data, SEED_VARIANTS),
    'sharp four sequential': async (input) => {
      for (const box of SEED_BOXES) await rawBox(input, box);
    },
    'sharp four parallel': (input) => Promise.all(SEED_BOXES.map((box) => rawBox(input, box))),
    'library half files': (input) => libraryFiles(input, ['half'], outDir),
    'library four files': (input) => libraryFiles(input, SEED_VARIANTS, outDir),
  };
}
