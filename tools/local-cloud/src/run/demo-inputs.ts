import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { photoLikeRaw, truncatedJpeg } from '@pipeline/image-core/testing';
import sharp from 'sharp';

/** A photo-like image (image-core's test fixture pixels) encoded as the demo file's format. */
async function photo(
  width: number,
  height: number,
  format: 'jpeg' | 'png' | 'webp',
  alpha = false,
): Promise<Buffer> {
  const raw = sharp(await photoLikeRaw(width, height, { seed: width + height }), {
    raw: { width, height, channels: 3 },
  });
  const image = alpha ? raw.ensureAlpha(0.6) : raw;
  if (format === 'jpeg') return image.jpeg({ quality: 85 }).toBuffer();
  if (format === 'webp') return image.webp({ quality: 80 }).toBuffer();
  return image.png().toBuffer();
}

/** The orders CSV of the demo: 40 rows, 3 of them bad (a bad number, a bad date, a missing column). */
export function demoOrdersCsv(): string {
  const rows = ['id,customer,amount,ordered_at,shipped,note'];
  for (let i = 1; i <= 40; i++) {
    const note = i % 5 === 0 ? '"gift, wrapped"' : '';
    rows.push(
      `${i},customer-${i % 7},${(i * 3.25).toFixed(2)},2026-11-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z,${i % 2 === 0},${note}`,
    );
  }
  rows[11] = '11,customer-4,eleven,2026-11-12T10:00:00Z,false,';
  rows[22] = '22,customer-1,71.50,not-a-date,true,';
  rows[33] = '33,customer-5,107.25';
  return `${rows.join('\n')}\n`;
}

/**
 * Writes the demo set into `dir`: photos of several sizes and formats, one corrupt image, a CSV with
 * a few bad rows (in the folder named after its dataset), and a binary large enough for a multipart copy.
 */
export async function writeDemoInputs(
  dir: string,
  options: { ordersDataset: string; largeBinaryBytes: number },
): Promise<string[]> {
  const files: Array<[string, Buffer | string]> = [
    ['photos/landscape 3000x2000.jpg', await photo(3000, 2000, 'jpeg')],
    ['photos/portrait-900x1400.png', await photo(900, 1400, 'png', true)],
    ['photos/wide banner.webp', await photo(1920, 640, 'webp')],
    ['photos/small-icon.png', await photo(120, 120, 'png')],
    ['photos/corrupt.jpg', await truncatedJpeg()],
    [`${options.ordersDataset}/orders-2026-11.csv`, demoOrdersCsv()],
    ['binaries/archive.bin', randomBytes(options.largeBinaryBytes)],
  ];
  for (const [name, body] of files) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), body);
  }
  return files.map(([name]) => name);
}
