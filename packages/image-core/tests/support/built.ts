import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PACKAGE_DIR = join(__dirname, '..', '..');

function newestMtime(dir: string): number {
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  return Math.max(...names.map((name) => statSync(join(dir, name)).mtimeMs));
}

/**
 * Tests of the built package (the tarball, the API report) read `dist/`: refuse one that is
 * missing or older than `src/` (turbo builds before testing; plain `npx jest` does not).
 */
export function assertBuilt(): void {
  const dist = join(PACKAGE_DIR, 'dist');
  if (!existsSync(join(dist, 'index.js')) || newestMtime(dist) < newestMtime(join(PACKAGE_DIR, 'src')))
    throw new Error(
      'dist/ is missing or older than src/: run `pnpm --filter @pipeline/image-core build` first',
    );
}
