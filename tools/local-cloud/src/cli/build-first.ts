/**
 * The build `pnpm start` and `pnpm soak` need (the packages' dist and the apps' zips), run by the
 * command itself once its options are read, not by the root script before it: so `--help` and usage
 * errors answer at once on a fresh clone, and a bad flag does not wait for a build. The root scripts
 * ask for it with LOCAL_CLOUD_BUILD_FIRST=1; the package's own scripts and the tests build through
 * turbo's task graph instead. turbo's output goes to stderr, so that stdout holds the command's
 * result alone (`--json`).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@pipeline/lambda-packager/workspace-root';
import { progress } from './command.js';
import { CouldNotStartError } from '../errors.js';

/** The environment variable the root scripts set. */
const BUILD_FIRST_ENV = 'LOCAL_CLOUD_BUILD_FIRST';

/**
 * turbo as the workspace installed it, and the folder to run it in. pnpm runs the package's script in
 * tools/local-cloud, inside the workspace, so the walk up from there finds it.
 */
export function turboCommand(from: string = process.cwd()): { readonly file: string; readonly cwd: string } {
  const root = findWorkspaceRoot(from);
  return { file: join(root, 'node_modules', '.bin', 'turbo'), cwd: root };
}

/** Builds what the local cloud runs when the root script asked for it; throws CouldNotStartError when the build fails. */
export function buildWhenAsked(env: NodeJS.ProcessEnv = process.env): void {
  if (env[BUILD_FIRST_ENV] !== '1') return;
  const args = ['run', 'build', '--filter=@pipeline/local-cloud^...', '--output-logs=errors-only'];
  progress(`building what the local cloud runs: turbo ${args.join(' ')}`);
  const turbo = turboCommand();
  const build = spawnSync(turbo.file, args, {
    cwd: turbo.cwd,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (build.status !== 0)
    throw new CouldNotStartError(
      `the build failed (turbo ${build.error === undefined ? `exit code ${build.status}` : build.error.message}): see above`,
    );
}
