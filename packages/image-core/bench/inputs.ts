import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { photoLikeRaw } from '../src/testing/photo.js';

/** One generated bench input, in memory and on disk (for the seed's Python code). */
export interface BenchInput {
  readonly name: string;
  readonly file: string;
  readonly data: Buffer;
  readonly format: 'jpeg' | 'png';
  /** Upright dimensions. */
  readonly width: number;
  readonly height: number;
  readonly megapixels: number;
  readonly icc: 'none' | 'srgb' | 'p3';
  readonly orientation: number;
}

interface InputSpec {
  readonly width: number;
  readonly height: number;
  readonly format: 'jpeg' | 'png';
  readonly icc: 'none' | 'srgb' | 'p3';
  readonly orientation?: number;
}

/** Photo-like inputs from 0.3 to 24 MP: JPEG without, with sRGB and with P3 profiles, one rotated, one PNG with alpha. */
const SPECS: readonly InputSpec[] = [
  { width: 640, height: 480, format: 'jpeg', icc: 'none' },
  { width: 1600, height: 1200, format: 'jpeg', icc: 'srgb' },
  { width: 2048, height: 1536, format: 'jpeg', icc: 'p3' },
  { width: 1920, height: 1280, format: 'png', icc: 'none' },
  { width: 3000, height: 2000, format: 'jpeg', icc: 'none' },
  { width: 4000, height: 3000, format: 'jpeg', icc: 'srgb' },
  { width: 4000, height: 3000, format: 'jpeg', icc: 'srgb', orientation: 6 },
  { width: 4416, height: 3312, format: 'jpeg', icc: 'p3' },
  { width: 6000, height: 4000, format: 'jpeg', icc: 'none' },
  { width: 6000, height: 4000, format: 'jpeg', icc: 'srgb' },
];

async function encode(spec: InputSpec, seed: number): Promise<Buffer> {
  const pixels = await photoLikeRaw(spec.width, spec.height, { seed });
  let image = sharp(pixels, { raw: { width: spec.width, height: spec.height, channels: 3 } });
  if (spec.format === 'png') {
    // A soft vignette in the alpha channel: a cut-out product shot rather than a photo.
    const mask = Buffer.alloc(16 * 16);
    for (let index = 0; index < mask.length; index += 1) {
      const [x, y] = [index % 16, Math.floor(index / 16)];
      mask[index] = x >= 2 && x < 14 && y >= 2 && y < 14 ? 255 : 0;
    }
    const alpha = await sharp(mask, { raw: { width: 16, height: 16, channels: 1 } })
      .resize(spec.width, spec.height, { fit: 'fill', kernel: 'cubic' })
      .raw()
      .toBuffer();
    return image
      .joinChannel(alpha, { raw: { width: spec.width, height: spec.height, channels: 1 } })
      .png()
      .toBuffer();
  }
  if (spec.icc !== 'none') image = image.withIccProfile(spec.icc);
  if (spec.orientation !== undefined) image = image.withMetadata({ orientation: spec.orientation });
  return image.jpeg({ quality: 90 }).toBuffer();
}

/** Generates every bench input (deterministic) and writes it under `directory`. */
export async function generateInputs(directory: string): Promise<BenchInput[]> {
  await mkdir(directory, { recursive: true });
  const inputs: BenchInput[] = [];
  for (const [index, spec] of SPECS.entries()) {
    const data = await encode(spec, index + 1);
    const rotated = spec.orientation !== undefined && spec.orientation >= 5;
    const megapixels = Math.round((spec.width * spec.height) / 1e5) / 10;
    const name = `${String(index + 1).padStart(2, '0')}-${megapixels}mp-${spec.format}-${spec.icc}${rotated ? '-o6' : ''}`;
    const file = join(directory, `${name}.${spec.format === 'jpeg' ? 'jpg' : 'png'}`);
    await writeFile(file, data);
    inputs.push({
      name,
      file,
      data,
      format: spec.format,
      icc: spec.icc,
      megapixels,
      orientation: spec.orientation ?? 1,
      width: rotated ? spec.height : spec.width,
      height: rotated ? spec.width : spec.height,
    });
  }
  return inputs;
}
