import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Peak RSS (MB) of the four seed variants of one file, per method, each in a fresh child process. */
export type RssReport = Readonly<Record<'idle' | 'library' | 'sharp-parallel' | 'sharp-sequential', number>>;

function childPeakRss(benchDir: string, mode: string, file: string): number {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(benchDir, 'rss-child.mts'), mode, file],
    {
      encoding: 'utf8',
    },
  );
  if (child.status !== 0) throw new Error(`rss child ${mode} failed: ${child.stderr}`);
  return (JSON.parse(child.stdout) as { maxRssMb: number }).maxRssMb;
}

/** Runs each mode `repeats` times and keeps the highest peak. */
export function measureRss(benchDir: string, file: string, repeats = 2): RssReport {
  const peak = (mode: string) =>
    Math.max(...Array.from({ length: repeats }, () => childPeakRss(benchDir, mode, file)));
  return {
    idle: peak('idle'),
    library: peak('library'),
    'sharp-parallel': peak('sharp-parallel'),
    'sharp-sequential': peak('sharp-sequential'),
  };
}
