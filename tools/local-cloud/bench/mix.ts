/**
 * A reproducible mix of inputs for the soak benchmark and the chaos end-to-end test: photos of
 * several sizes and formats, PNGs with alpha, CSVs with some bad rows (one folder per demo dataset),
 * binaries from 1 KB to 30 MB, a few corrupt files, and a fault marker in 1% of the names. The same
 * count and seed give the same files. Images come from a small pool per size and format (encoding
 * 10,000 distinct photos would take longer than the run); binaries and CSVs are each their own.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { photoLikeRaw, truncatedJpeg } from '@pipeline/image-core/testing';
import sharp from 'sharp';

export const FAULT_MARKER = 'FAULTME';

export interface MixOptions {
  readonly count: number;
  readonly seed: string;
  /** Share of files whose name holds {@link FAULT_MARKER}. @default 0.01 */
  readonly faultShare?: number;
  /** The largest binary. @default 30 MiB */
  readonly maxBinaryBytes?: number;
}

export interface MixSummary {
  readonly files: number;
  readonly bytes: number;
  readonly byKind: Readonly<Record<string, number>>;
  readonly faulted: readonly string[];
  readonly corrupt: readonly string[];
}

/** A number in [0, 1) fixed by the seed and the labels. */
function draw(seed: string, ...labels: readonly (string | number)[]): number {
  return (
    createHash('sha256')
      .update(JSON.stringify([seed, ...labels]))
      .digest()
      .readUInt32BE(0) /
    2 ** 32
  );
}

const PHOTO_SIZES: readonly (readonly [number, number, number])[] = [
  // width, height, share of photos
  [640, 480, 0.55],
  [1280, 960, 0.3],
  [2000, 1500, 0.12],
  [3000, 2000, 0.03],
];
const POOL_PER_SIZE = 4;

function photoSize(seed: string, i: number): readonly [number, number] {
  let x = draw(seed, 'photo-size', i);
  for (const [w, h, share] of PHOTO_SIZES) {
    if (x < share) return [w, h];
    x -= share;
  }
  return [640, 480];
}

/** Binary sizes: mostly small, a few large, up to `max` (log-uniform within each band). */
function binarySize(seed: string, i: number, max: number): number {
  const band = draw(seed, 'binary-band', i);
  const [low, high] =
    band < 0.7
      ? [1024, 64 * 1024]
      : band < 0.95
        ? [64 * 1024, 1024 * 1024]
        : band < 0.99
          ? [1024 * 1024, 8 * 1024 * 1024]
          : [8 * 1024 * 1024, max];
  return Math.round(low * (high / low) ** draw(seed, 'binary-size', i));
}

/** Pseudo-random bytes from the seed (SHA-256 in counter mode over a 64 KiB block, then varied). */
function binaryBody(seed: string, i: number, bytes: number, block: Buffer): Buffer {
  const body = Buffer.allocUnsafe(bytes);
  const salt = createHash('sha256').update(`${seed}/${i}`).digest();
  for (let offset = 0; offset < bytes; offset += block.length)
    block.copy(body, offset, 0, Math.min(block.length, bytes - offset));
  for (let offset = 0; offset < bytes; offset += 4096)
    salt.copy(body, offset, 0, Math.min(salt.length, bytes - offset));
  return body;
}

function csvBody(seed: string, i: number, dataset: 'orders' | 'events'): string {
  const rows = 20 + Math.floor(draw(seed, 'csv-rows', i) * 480);
  if (dataset === 'events') {
    const lines = ['user,page,at'];
    for (let r = 0; r < rows; r++)
      lines.push(
        `u${(i * 7 + r) % 97},/p/${r % 13},2026-11-${String((r % 28) + 1).padStart(2, '0')}T10:00:00Z`,
      );
    return `${lines.join('\n')}\n`;
  }
  const lines = ['id,customer,amount,ordered_at,shipped,note'];
  for (let r = 1; r <= rows; r++) {
    const bad = draw(seed, 'bad-row', i, r) < 0.03;
    const amount = bad ? 'n/a' : ((r * 3.25 + i) % 1000).toFixed(2);
    lines.push(
      `${r},customer-${(r + i) % 17},${amount},2026-11-${String((r % 28) + 1).padStart(2, '0')}T10:00:00Z,${r % 2 === 0},${r % 9 === 0 ? '"gift, wrapped"' : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function photo(
  width: number,
  height: number,
  format: 'jpeg' | 'png' | 'webp',
  alpha: boolean,
  variant: number,
): Promise<Buffer> {
  const raw = sharp(await photoLikeRaw(width, height, { seed: width + height + variant }), {
    raw: { width, height, channels: 3 },
  });
  const image = alpha ? raw.ensureAlpha(0.6) : raw;
  if (format === 'jpeg') return image.jpeg({ quality: 82 }).toBuffer();
  if (format === 'webp') return image.webp({ quality: 80 }).toBuffer();
  return image.png({ compressionLevel: 6 }).toBuffer();
}

/** Images by pool key, encoded once each. */
class ImagePool {
  private readonly made = new Map<string, Promise<Buffer>>();
  get(
    width: number,
    height: number,
    format: 'jpeg' | 'png',
    alpha: boolean,
    variant: number,
  ): Promise<Buffer> {
    const key = `${width}x${height}.${format}.${alpha}.${variant}`;
    let image = this.made.get(key);
    if (image === undefined) {
      image = photo(width, height, format, alpha, variant);
      this.made.set(key, image);
    }
    return image;
  }
}

type Kind = 'jpeg' | 'png' | 'csv' | 'binary';
/** The shares of the 1,000-file run: 40% JPEG, 10% PNG, 30% CSV, 20% binaries. */
function kindOf(i: number, count: number): Kind {
  const x = i / count;
  return x < 0.4 ? 'jpeg' : x < 0.5 ? 'png' : x < 0.8 ? 'csv' : 'binary';
}

/** Writes the mix into `dir` and says what it holds. */
export async function writeMix(dir: string, options: MixOptions): Promise<MixSummary> {
  const { count, seed } = options;
  const faultShare = options.faultShare ?? 0.01;
  const maxBinary = options.maxBinaryBytes ?? 30 * 1024 * 1024;
  const pool = new ImagePool();
  const block = Buffer.concat(
    Array.from({ length: 2048 }, (_, n) => createHash('sha256').update(`${seed}:${n}`).digest()),
  );
  const corruptJpeg = await truncatedJpeg();
  const byKind: Record<string, number> = {};
  const faulted: string[] = [];
  const corrupt: string[] = [];
  let bytes = 0;
  for (const folder of ['photos', 'orders', 'events', 'binaries'])
    await mkdir(join(dir, folder), { recursive: true });
  for (let i = 0; i < count; i++) {
    const kind = kindOf(i, count);
    const fault = draw(seed, 'fault', i) < faultShare ? `-${FAULT_MARKER}` : '';
    const broken = kind !== 'binary' && draw(seed, 'corrupt', i) < 0.01;
    const variant = Math.floor(draw(seed, 'variant', i) * POOL_PER_SIZE);
    let name: string;
    let body: Buffer | string;
    if (kind === 'jpeg') {
      const [w, h] = photoSize(seed, i);
      name = `photos/photo-${i}-${w}x${h}${fault}.jpg`;
      body = broken ? corruptJpeg : await pool.get(w, h, 'jpeg', false, variant);
    } else if (kind === 'png') {
      const alpha = draw(seed, 'alpha', i) < 0.5;
      name = `photos/graphic-${i}${alpha ? '-alpha' : ''}${fault}.png`;
      body = broken ? Buffer.from('not a png at all') : await pool.get(480, 360, 'png', alpha, variant);
    } else if (kind === 'csv') {
      const dataset = draw(seed, 'dataset', i) < 0.7 ? 'orders' : 'events';
      name = `${dataset}/${dataset}-${i}${fault}.csv`;
      body = broken ? '\u0000\u0001garbage\n"unterminated' : csvBody(seed, i, dataset);
    } else {
      const size = binarySize(seed, i, maxBinary);
      name = `binaries/blob-${i}${fault}.bin`;
      body = binaryBody(seed, i, size, block);
    }
    await writeFile(join(dir, name), body);
    bytes += Buffer.byteLength(body);
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    if (fault !== '') faulted.push(name);
    if (broken) corrupt.push(name);
  }
  return { files: count, bytes, byKind, faulted, corrupt };
}
