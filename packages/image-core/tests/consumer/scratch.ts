/**
 * A scratch consumer project outside the workspace: the packed tarball installed with npm from
 * the registry (its sharp included), as another team would. Used by consumer.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { assertBuilt, PACKAGE_DIR } from '../support/built';

export { PACKAGE_DIR };
const WORKSPACE_ROOT = join(PACKAGE_DIR, '..', '..');

/** The consumer's own tools, at the versions this workspace pins (esbuild: as the apps' build). */
function toolVersions(): Record<string, string> {
  const root = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const { typescript = '', '@types/node': typesNode = '' } = root.devDependencies;
  return { typescript, '@types/node': typesNode, esbuild: '0.28.2' };
}

/** npm without prompts, audit or fund notices; from the local cache when it holds the version. */
export const NPM_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

export function run(command: string, args: readonly string[], cwd: string, env = NPM_ENV): string {
  try {
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`, { cause: error });
  }
}

/** `pnpm pack` of the built package; refuses a `dist` older than `src` (run the build first). */
function packTarball(destination: string): string {
  assertBuilt();
  run('pnpm', ['pack', '--pack-destination', destination], PACKAGE_DIR);
  const [tarball] = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball into ${destination}`);
  return join(destination, tarball);
}

/**
 * Creates the scratch project in the system temp folder (never under the workspace, so no
 * workspace package or link can be resolved), copies the consumer sources from `project/` and
 * installs the tarball, TypeScript, @types/node, esbuild and the consumer's own `dependencies` with npm.
 */
export function createConsumerProject(dependencies: Readonly<Record<string, string>> = {}): {
  dir: string;
  tarball: string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'image-core-consumer-'));
  if (!relative(WORKSPACE_ROOT, dir).startsWith('..')) throw new Error(`${dir} is inside the workspace`);
  mkdirSync(join(dir, 'pack'));
  const tarball = packTarball(join(dir, 'pack'));
  const manifest = {
    name: 'image-core-consumer',
    private: true,
    dependencies: { '@pipeline/image-core': `file:${tarball}`, ...dependencies },
    devDependencies: toolVersions(),
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  cpSync(join(__dirname, 'project'), dir, { recursive: true });
  run('npm', ['install'], dir);
  return { dir, tarball };
}

/** The fenced `sh` block that follows `marker` in the package README (the documented recipe). */
export function readmeRecipe(marker: string): string {
  const readme = readFileSync(join(PACKAGE_DIR, 'README.md'), 'utf8');
  const start = readme.indexOf(marker);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start));
  if (start < 0 || block?.[1] === undefined) throw new Error(`README.md has no sh block after ${marker}`);
  return block[1];
}

/** ELF `e_machine` of a binary: 62 is x86-64, 183 is AArch64. */
export const elfMachine = (binary: Buffer): number | undefined =>
  binary.subarray(0, 4).toString('latin1') === '\x7fELF' ? binary.readUInt16LE(18) : undefined;
