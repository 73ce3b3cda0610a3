import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LambdaArch } from '@pipeline/lambda-packager';
import { artifactPath } from '../../build-options.js';

export const APP_DIR = join(__dirname, '..', '..');

/** The zip `pnpm build` wrote for `arch`; fails with the fix when it is missing. */
export function builtZip(arch: LambdaArch): string {
  const path = artifactPath(APP_DIR, arch);
  if (!existsSync(path))
    throw new Error(
      `${path} is missing: run \`pnpm --filter @pipeline/resize build\` first (turbo's test task does)`,
    );
  return path;
}
