import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/** A 64-byte ELF header claiming `machine` (0x3e x86_64, 0xb7 aarch64): enough for the checks. */
export function fakeElf(machine: number): Buffer {
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header[4] = 2; // 64-bit
  header[5] = 1; // little-endian
  header.writeUInt16LE(machine, 18);
  return header;
}

interface FixturePackage {
  readonly name: string;
  readonly manifest: Record<string, unknown>;
  readonly files: Readonly<Record<string, string | Buffer>>;
}

async function writeFiles(dir: string, files: Readonly<Record<string, string | Buffer>>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

/** Installs a package pnpm-style: real files in `.pnpm/<name>@1.0.0/node_modules/<name>`. */
async function installToStore(root: string, pkg: FixturePackage): Promise<string> {
  const dir = join(root, 'node_modules/.pnpm', `${pkg.name}@1.0.0`, 'node_modules', pkg.name);
  await writeFiles(dir, {
    'package.json': JSON.stringify({ name: pkg.name, version: '1.0.0', ...pkg.manifest }),
    ...pkg.files,
  });
  return dir;
}

async function link(target: string, at: string): Promise<void> {
  await mkdir(dirname(at), { recursive: true });
  await symlink(relative(dirname(at), target), at);
}

export interface FixtureOptions {
  /** Machine of the binary in the linux-x64 package (to test the architecture check). */
  readonly x64Machine?: number;
}

/**
 * A throwaway pnpm workspace: an app whose handler imports `nativepkg`, which depends on
 * `dep-js` and has per-platform optional packages, all linked through pnpm-style symlinks.
 */
export async function fixtureWorkspace(
  options: FixtureOptions = {},
): Promise<{ root: string; entry: string }> {
  const root = await mkdtemp(join(tmpdir(), 'packager-fixture-'));
  await writeFiles(root, {
    'pnpm-workspace.yaml': 'packages: [app]\n',
    'app/package.json': JSON.stringify({ name: 'app', type: 'module' }),
    'app/src/greeting.ts': 'export function greeting(name: string): string {\n  return `hello ${name}`;\n}\n',
    'app/src/handler.ts': [
      "import { greeting } from './greeting.js';",
      "import native from 'nativepkg';",
      'export const handler = async (event: { name: string }) => ({ text: greeting(event.name), native: native.platformPackage() });',
      '',
    ].join('\n'),
  });
  const platform = (cpu: string, machine: number): FixturePackage => ({
    name: `nativepkg-linux-${cpu}`,
    manifest: { os: ['linux'], cpu: [cpu], libc: ['glibc'] },
    files: { [`lib/nativepkg-linux-${cpu}.node`]: fakeElf(machine), 'README.md': 'docs' },
  });
  const packages: FixturePackage[] = [
    {
      name: 'nativepkg',
      manifest: {
        main: 'index.js',
        dependencies: { 'dep-js': '1.0.0' },
        optionalDependencies: {
          'nativepkg-linux-x64': '1.0.0',
          'nativepkg-linux-arm64': '1.0.0',
          'nativepkg-darwin-arm64': '1.0.0',
          'nativepkg-linux-musl-x64': '1.0.0',
        },
      },
      files: {
        'index.js':
          "const dep = require('dep-js');\nmodule.exports = { platformPackage: () => dep.pick(['x64', 'arm64'].map((cpu) => { try { require.resolve(`nativepkg-linux-${cpu}/package.json`); return cpu; } catch { return undefined; } })) };\n",
        'index.d.ts': 'export {};',
        'src/binding.cc': '// C++',
      },
    },
    {
      name: 'dep-js',
      manifest: { main: 'index.js' },
      files: { 'index.js': 'module.exports = { pick: (list) => list.filter(Boolean).join(",") };\n' },
    },
    platform('x64', options.x64Machine ?? 0x3e),
    platform('arm64', 0xb7),
    {
      name: 'nativepkg-linux-musl-x64',
      manifest: { os: ['linux'], cpu: ['x64'], libc: ['musl'] },
      files: { 'lib/musl.node': fakeElf(0x3e) },
    },
  ];
  const dirs = new Map<string, string>();
  for (const pkg of packages) dirs.set(pkg.name, await installToStore(root, pkg));
  const nativeDir = dirs.get('nativepkg') as string;
  for (const dep of ['dep-js', 'nativepkg-linux-x64', 'nativepkg-linux-arm64', 'nativepkg-linux-musl-x64']) {
    await link(dirs.get(dep) as string, join(dirname(nativeDir), dep));
  }
  await link(join(nativeDir, 'index.js'), join(nativeDir, 'node_modules/.bin/nativepkg'));
  await link(nativeDir, join(root, 'app/node_modules/nativepkg'));
  return { root, entry: join(root, 'app/src/handler.ts') };
}
