/**
 * Child process for peak-RSS measurement: loads sharp and the library, reads one file, runs
 * one job once, prints {"maxRssMb": ...} (peak resident memory). sharp's defaults (cache, concurrency) are kept,
 * as a Lambda handler would have them.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { renderVariants } from '../src/index.js';

const [mode, file] = process.argv.slice(2);
if (file === undefined)
  throw new Error('usage: rss-child.mts idle|library|sharp-parallel|sharp-sequential FILE');
const data = await readFile(file);
const boxes = [
  [256, 256],
  [800, 600],
  [1024, 768],
  [1200, 800],
] as const;
const raw = (width: number, height: number) =>
  sharp(data, { autoOrient: true })
    .resize(width, height, { fit: 'inside', withoutEnlargement: true })
    .jpeg()
    .toBuffer();

if (mode === 'library') await renderVariants(data, ['thumbnail', 'mobile', 'tablet', 'web']);
if (mode === 'sharp-parallel') await Promise.all(boxes.map(([width, height]) => raw(width, height)));
if (mode === 'sharp-sequential') for (const [width, height] of boxes) await raw(width, height);
if (mode === 'idle') await sharp(data).metadata();
/**
 * Peak RSS of this process. Linux's VmHWM belongs to this process image; getrusage's maxRSS
 * survives exec, so it would report the (much larger) parent's RSS at fork time.
 */
function peakRssKb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match?.[1] !== undefined) return Number(match[1]);
  } catch {
    // not Linux: fall back below
  }
  return process.resourceUsage().maxRSS;
}

process.stdout.write(JSON.stringify({ maxRssMb: Math.round(peakRssKb() / 1024) }));
