/**
 * Where the repository is: the folder holding `pnpm-workspace.yaml`. The packager bundles from it,
 * infra finds the apps' zips under it, the test harness finds the synthesized stack under it. A
 * subpath of its own (`@pipeline/lambda-packager/workspace-root`), so that readers of the path do
 * not load the bundler.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PackagingError } from './types.js';

/**
 * The nearest folder at or above `from` holding `pnpm-workspace.yaml`.
 *
 * @throws {PackagingError} `NO_WORKSPACE` when there is none (run from inside the repository, or pass the root).
 * @example const root = findWorkspaceRoot(); // e.g. /work/repo, from anywhere inside it
 */
export function findWorkspaceRoot(from: string = process.cwd()): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir)
      throw new PackagingError(
        'NO_WORKSPACE',
        `No pnpm-workspace.yaml above ${from}: run from inside the repository or pass its root`,
      );
  }
}
