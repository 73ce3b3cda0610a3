/**
 * The build `pnpm start` and `pnpm soak` need (the packages' dist and the apps' zips), run by the
 * command itself once its options are read, not by the root script before it: so `--help` and usage
 * errors answer at once on a fresh clone, and a bad flag does not wait for a build. The root scripts
 * ask for it with LOCAL_CLOUD_BUILD_FIRST=1; the package's own scripts and the tests build through
 * turbo's task graph instead. turbo's output goes to stderr, so that stdout holds the command's
 * result alone (`--json`).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { progress } from './command.js';
import { CouldNotStartError } from '../errors.js';

/** The environment variable the root scripts set. */
const BUILD_FIRST_ENV = 'LOCAL_CLOUD_BUILD_FIRST';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Builds what the local cloud runs when the root script asked for it; throws CouldNotStartError when the build fails. */
export function buildWhenAsked(env: NodeJS.ProcessEnv = process.env): void {
  if (env[BUILD_FIRST_ENV] !== '1') return;
  const args = ['run', 'build', '--filter=@pipeline/local-cloud^...', '--output-logs=errors-only'];
  progress(`building what the local cloud runs: turbo ${args.join(' ')}`);
  const build = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'turbo'), args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (build.status !== 0)
    throw new CouldNotStartError(
      `the build failed (turbo ${build.error === undefined ? `exit code ${build.status}` : build.error.message}): see above`,
    );
}
