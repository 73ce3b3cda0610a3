import { execFile } from 'node:child_process';
import { appendFile, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  buildLambdaZips,
  unpackArtifact,
  inspectZip,
  readZipEntry,
  type LambdaBuildResult,
} from '../../src/index.js';
import { fixtureWorkspace } from '../support/fixture-workspace.js';

const run = promisify(execFile);
let root: string;
let entry: string;
let first: LambdaBuildResult;

beforeAll(async () => {
  ({ root, entry } = await fixtureWorkspace());
  first = await buildLambdaZips({
    entry,
    outDir: join(root, 'out1'),
    name: 'fixture',
    nativePackages: ['nativepkg'],
  });
});
afterAll(() => rm(root, { recursive: true, force: true }));

function artifact(result: LambdaBuildResult, arch: 'arm64' | 'x86_64') {
  const found = result.artifacts.find((a) => a.arch === arch);
  if (found === undefined) throw new Error(`no ${arch} artifact`);
  return found;
}

describe('buildLambdaZips', () => {
  it('is deterministic: same sources, same bytes and hash, whatever the file times', async () => {
    await utimes(
      join(root, 'app/src/greeting.ts'),
      new Date('2001-02-03T04:05:06Z'),
      new Date('2001-02-03T04:05:06Z'),
    );
    const second = await buildLambdaZips({
      entry,
      outDir: join(root, 'out2'),
      name: 'fixture',
      nativePackages: ['nativepkg'],
    });
    for (const arch of ['arm64', 'x86_64'] as const) {
      expect(artifact(second, arch).sha256).toBe(artifact(first, arch).sha256);
      expect(await readFile(artifact(second, arch).zipPath)).toEqual(
        await readFile(artifact(first, arch).zipPath),
      );
    }
    expect(artifact(first, 'arm64').sha256).not.toBe(artifact(first, 'x86_64').sha256);
  });

  it('changes the hash when a source changes', async () => {
    const { root: other, entry: otherEntry } = await fixtureWorkspace();
    await appendFile(join(other, 'app/src/greeting.ts'), 'export const extra = 1;\n');
    await writeFile(
      join(other, 'app/src/handler.ts'),
      "import { greeting, extra } from './greeting.js';\nexport const handler = async () => greeting(String(extra));\n",
    );
    const changed = await buildLambdaZips({
      entry: otherEntry,
      outDir: join(other, 'out'),
      name: 'fixture',
      archs: ['x86_64'],
    });
    expect(artifact(changed, 'x86_64').sha256).not.toBe(artifact(first, 'x86_64').sha256);
    await rm(other, { recursive: true, force: true });
  });

  it('holds real files only, sorted, with fixed times and modes, and no absolute paths', async () => {
    for (const arch of ['arm64', 'x86_64'] as const) {
      const { entries } = await inspectZip(artifact(first, arch).zipPath);
      const paths = entries.map((e) => e.path);
      expect(paths).toEqual([...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
      expect(entries.filter((e) => e.isSymlink || e.isDirectory)).toEqual([]);
      expect(new Set(entries.map((e) => e.mode))).toEqual(new Set([0o100644]));
      expect(new Set(entries.map((e) => `${e.dosDate}/${e.dosTime}/${e.hasExtraFields}`))).toEqual(
        new Set(['33/0/false']),
      );
      expect(
        paths.filter(
          (p) => p.startsWith('/') || p.includes('..') || p.includes('/node_modules/nativepkg/node_modules'),
        ),
      ).toEqual([]);
      expect(paths.filter((p) => /\.(d\.ts|md|cc)$/.test(p))).toEqual([]);
    }
    const zipPath = artifact(first, 'x86_64').zipPath;
    const code = (await readZipEntry(zipPath, 'index.js')).toString('utf8');
    const map = JSON.parse((await readZipEntry(zipPath, 'index.js.map')).toString('utf8')) as {
      sources: string[];
      sourcesContent?: unknown;
    };
    for (const text of [code, JSON.stringify(map)]) {
      expect(text).not.toContain(root);
      expect(text).not.toContain(tmpdir());
    }
    expect(map.sourcesContent).toBeUndefined();
    expect([...map.sources].sort()).toEqual(['app/src/greeting.ts', 'app/src/handler.ts']);
    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.js.map')).toBe(true);
  });

  it('copies the native package for the target architecture only, dereferencing pnpm symlinks', async () => {
    const arm = await inspectZip(artifact(first, 'arm64').zipPath);
    const x64 = await inspectZip(artifact(first, 'x86_64').zipPath);
    expect(arm.nativeBinaries).toEqual({
      'node_modules/nativepkg-linux-arm64/lib/nativepkg-linux-arm64.node': 'aarch64',
    });
    expect(x64.nativeBinaries).toEqual({
      'node_modules/nativepkg-linux-x64/lib/nativepkg-linux-x64.node': 'x86_64',
    });
    expect(x64.entries.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        'node_modules/dep-js/index.js',
        'node_modules/nativepkg/index.js',
        'index.js',
        'index.js.map',
        'package.json',
      ]),
    );
    expect(artifact(first, 'x86_64').nativePackages.map((p) => p.name)).toEqual([
      'dep-js',
      'nativepkg',
      'nativepkg-linux-x64',
    ]);
  });

  it('ships a handler that runs unpacked in a fresh Node process, as in /var/task', async () => {
    const { root, taskDir } = await unpackArtifact(artifact(first, 'x86_64').zipPath, 'packager-unzipped');
    expect(await readdir(root)).toEqual(['task']);
    const script =
      "require('./index.js').handler({ name: 'zip' }).then((r) => process.stdout.write(JSON.stringify(r)))";
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: taskDir });
    expect(JSON.parse(stdout)).toEqual({ text: 'hello zip', native: 'x64' });
    await rm(root, { recursive: true, force: true });
  });

  it('refuses a native binary built for another architecture', async () => {
    const { root: wrong, entry: wrongEntry } = await fixtureWorkspace({ x64Machine: 0xb7 });
    await expect(
      buildLambdaZips({
        entry: wrongEntry,
        outDir: join(wrong, 'out'),
        name: 'f',
        archs: ['x86_64'],
        nativePackages: ['nativepkg'],
      }),
    ).rejects.toMatchObject({
      code: 'WRONG_ARCHITECTURE',
    });
    await rm(wrong, { recursive: true, force: true });
  });

  it('names a native package that is not installed', async () => {
    await expect(
      buildLambdaZips({
        entry,
        outDir: join(root, 'out3'),
        name: 'f',
        archs: ['x86_64'],
        nativePackages: ['nativepkg', 'absent-native'],
      }),
    ).rejects.toMatchObject({
      code: 'NATIVE_PACKAGE_MISSING',
      message: expect.stringContaining('absent-native'),
    });
  });
});
