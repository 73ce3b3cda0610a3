/**
 * The generator's last steps: the repository's formatting on every file it wrote or edited (so
 * `pnpm format:check` stays green), `pnpm install`, which links the new workspace package and records
 * it in the lockfile (every dependency it declares is already in the store), and the architecture
 * picture redrawn from the registry.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';

/** Formats `files` in place with the repository's prettier configuration. */
export async function formatFiles(files: readonly string[]): Promise<string> {
  for (const file of files) {
    const options = { ...(await prettier.resolveConfig(file)), filepath: file };
    writeFileSync(file, await prettier.format(readFileSync(file, 'utf8'), options));
  }
  return `formatted ${files.length} files`;
}

/** `pnpm docs:architecture`: docs/architecture.svg redrawn from the registry, the new function in it. */
export function drawArchitecture(root: string): string {
  const run = spawnSync('pnpm', ['--silent', 'docs:architecture'], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(
      `pnpm docs:architecture failed (${run.status ?? run.signal}): ${run.stdout}${run.stderr}`.trim(),
    );
  return 'docs/architecture.svg redrawn';
}

/**
 * `pnpm install` at the workspace root; throws with pnpm's output when it fails. The lockfile must
 * change (a new importer), so not frozen, which pnpm otherwise assumes where CI is set.
 */
export function installWorkspace(root: string): string {
  const args = ['install', '--prefer-offline', '--no-frozen-lockfile'];
  const run = spawnSync('pnpm', args, { cwd: root, encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(
      `pnpm ${args.join(' ')} failed (${run.status ?? run.signal}): ${run.stdout}${run.stderr}`.trim(),
    );
  return 'pnpm install: the new package linked and in the lockfile';
}
