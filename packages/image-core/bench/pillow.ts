import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The interpreter that runs the seed's code, or why there is none. */
export type SeedPython =
  | { readonly found: true; readonly path: string; readonly pillow: string }
  | { readonly found: false; readonly reason: string };

/** Per-file timings of one round of the seed's code. */
export interface SeedRound {
  readonly python: string;
  readonly pillow: string;
  readonly results: Readonly<Record<string, { wallMs: number; cpuMs: number; error: string | null }>>;
}

/**
 * Finds a Python with Pillow: $SEED_PYTHON, then /usr/bin/python3 (Debian's python3-pil),
 * then python3 on PATH (here a pyenv build without Pillow). SEED_PYTHON=none skips the baseline.
 */
export function findSeedPython(
  candidates: readonly string[] = [process.env.SEED_PYTHON, '/usr/bin/python3', 'python3'].filter(
    (value): value is string => Boolean(value),
  ),
): SeedPython {
  if (process.env.SEED_PYTHON === 'none')
    return { found: false, reason: 'Pillow baseline disabled (SEED_PYTHON=none)' };
  const tried: string[] = [];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', 'import sys, PIL; print(sys.executable, PIL.__version__)'], {
      encoding: 'utf8',
    });
    if (probe.status === 0) {
      const [path = candidate, pillow = '?'] = probe.stdout.trim().split(' ');
      return { found: true, path, pillow };
    }
    tried.push(`${candidate}: ${probe.error?.message ?? probe.stderr.trim().split('\n').pop() ?? 'failed'}`);
  }
  return {
    found: false,
    reason: `Pillow is absent (tried ${tried.join('; ')}); install python3-pil or set SEED_PYTHON`,
  };
}

/** Runs one round of a seed job over every file, in a fresh Python process. */
export function runSeedRound(
  python: string,
  seedDir: string,
  job: 'half' | 'variants',
  outDir: string,
  files: readonly string[],
): SeedRound {
  const target = join(outDir, `seed-${job}`);
  mkdirSync(target, { recursive: true });
  const run = spawnSync(python, [join(seedDir, 'harness.py'), job, target, ...files], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`seed ${job} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as SeedRound;
}
