import { existsSync } from 'node:fs';
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { elfMachine, elfMachineFor } from './elf.js';
import { npmCpu, PackagingError, type ArtifactFile, type LambdaArch } from './types.js';

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  readonly libc?: readonly string[];
}

interface InstalledPackage {
  readonly dir: string;
  readonly manifest: PackageJson;
}

/** Files a Lambda never needs: nested installs/bin links, type declarations, docs, C++ sources. */
const EXCLUDED = /(^|\/)node_modules\/|\.d\.[cm]?ts$|\.(md|markdown|h|hpp|cc|cpp|gyp|gypi)$/i;
const NATIVE = /\.node$|\.so(\.\d+)*$/;

/** Finds `name` the way Node would from `fromDir`, and returns its real (store) directory. */
async function findInstalled(name: string, fromDir: string): Promise<string | undefined> {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpath(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/** npm's os/cpu/libc fields: a value may be listed, or excluded with `!value`. */
function allows(list: readonly string[] | undefined, value: string): boolean {
  if (list === undefined || list.length === 0) return true;
  if (list.includes(`!${value}`)) return false;
  const positive = list.filter((item) => !item.startsWith('!'));
  return positive.length === 0 || positive.includes(value);
}

function runsOn(manifest: PackageJson, arch: LambdaArch): boolean {
  return allows(manifest.os, 'linux') && allows(manifest.cpu, npmCpu(arch)) && allows(manifest.libc, 'glibc');
}

interface Pending {
  readonly name: string;
  readonly from: string;
  readonly optional: boolean;
}

function dependenciesOf(installed: InstalledPackage): Pending[] {
  const required = Object.keys(installed.manifest.dependencies ?? {});
  const optional = Object.keys(installed.manifest.optionalDependencies ?? {}).filter(
    (name) => !required.includes(name),
  );
  return [
    ...required.map((name) => ({ name, from: installed.dir, optional: false })),
    ...optional.map((name) => ({ name, from: installed.dir, optional: true })),
  ];
}

/**
 * The runtime closure of `roots` for Lambda's linux/glibc on `arch`: each package and its
 * dependencies and optional dependencies, resolved from the installed tree (pnpm symlinks
 * followed to the store), skipping packages whose os/cpu/libc exclude the target.
 */
async function resolveClosure(
  roots: readonly string[],
  fromDir: string,
  arch: LambdaArch,
): Promise<Map<string, InstalledPackage>> {
  const found = new Map<string, InstalledPackage>();
  const queue: Pending[] = roots.map((name) => ({ name, from: fromDir, optional: false }));
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const dir = await findInstalled(next.name, next.from);
    if (dir === undefined) {
      if (next.optional) continue;
      throw new PackagingError(
        'NATIVE_PACKAGE_MISSING',
        `${next.name} is not installed (looked up from ${relative(fromDir, next.from) || '.'})`,
      );
    }
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageJson;
    if (!runsOn(manifest, arch)) continue;
    const known = found.get(next.name);
    if (known !== undefined) {
      if (known.dir !== dir)
        throw new PackagingError(
          'PACKAGE_CLASH',
          `Two versions of ${next.name} would share node_modules/${next.name}: ${known.manifest.version} and ${manifest.version}`,
        );
      continue;
    }
    const installed = { dir, manifest };
    found.set(next.name, installed);
    queue.push(...dependenciesOf(installed));
  }
  return found;
}

/** Every regular file under `dir` (symlinks inside a package are skipped, excluded names too). */
async function filesUnder(dir: string, base = dir): Promise<string[]> {
  const files: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    const rel = relative(base, path).split('\\').join('/');
    const stat = await lstat(path);
    if (stat.isSymbolicLink() || EXCLUDED.test(stat.isDirectory() ? `${rel}/` : rel)) continue;
    if (stat.isDirectory()) files.push(...(await filesUnder(path, base)));
    else if (stat.isFile()) files.push(rel);
  }
  return files;
}

function checkArchitecture(files: readonly ArtifactFile[], arch: LambdaArch, roots: readonly string[]): void {
  const natives = files.filter((file) => NATIVE.test(file.path));
  if (roots.length > 0 && !natives.some((file) => file.path.endsWith('.node'))) {
    throw new PackagingError(
      'NATIVE_BINARY_MISSING',
      `No .node binary for linux-${npmCpu(arch)} among ${roots.join(', ')}: install both architectures (pnpm supportedArchitectures cpu: [x64, arm64])`,
    );
  }
  for (const file of natives) {
    const machine = elfMachine(file.data);
    if (machine !== elfMachineFor(arch))
      throw new PackagingError(
        'WRONG_ARCHITECTURE',
        `${file.path} is built for ${machine ?? 'a non-ELF target'}, not ${arch}`,
      );
  }
}

/** A copied native package, for the build report. */
export interface NativePackage {
  readonly name: string;
  readonly version: string;
}

/**
 * Copies `roots` (e.g. `['sharp']`) and their runtime dependencies for `arch` as real files
 * under `node_modules/` (Lambda zips cannot hold symlinks; pnpm's are dereferenced). Checks
 * every `.node`/`.so` is an ELF binary for `arch`.
 *
 * @param fromDir where to resolve the packages from (the app's folder)
 */
export async function collectNativeFiles(
  roots: readonly string[],
  fromDir: string,
  arch: LambdaArch,
): Promise<{ files: ArtifactFile[]; packages: NativePackage[] }> {
  const closure = await resolveClosure(roots, fromDir, arch);
  const files: ArtifactFile[] = [];
  const packages: NativePackage[] = [];
  for (const [name, installed] of closure) {
    packages.push({ name, version: installed.manifest.version });
    for (const rel of await filesUnder(installed.dir)) {
      files.push({ path: `node_modules/${name}/${rel}`, data: await readFile(join(installed.dir, rel)) });
    }
  }
  checkArchitecture(files, arch, roots);
  packages.sort((a, b) => a.name.localeCompare(b.name));
  return { files, packages };
}
