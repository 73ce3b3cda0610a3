import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildLambdaZips,
  elfMachineFor,
  inspectZip,
  readZipEntry,
  sha256,
  type LambdaArch,
  type ZipInspection,
} from '@pipeline/lambda-packager';
import { resizeBuildOptions } from '../../build-options.js';
import { APP_DIR, builtZip } from '../support/artifacts.js';

const other: Record<LambdaArch, string> = { arm64: 'x64', x86_64: 'arm64' };
const cpu: Record<LambdaArch, string> = { arm64: 'arm64', x86_64: 'x64' };

describe.each<LambdaArch>(['arm64', 'x86_64'])('artifacts/resize-%s.zip', (arch) => {
  let zip: ZipInspection;

  beforeAll(async () => {
    zip = await inspectZip(builtZip(arch));
  });

  it('holds the CommonJS bundle, its source map and sharp with libvips for its architecture', () => {
    const paths = zip.entries.map((entry) => entry.path);
    expect(paths).toEqual(
      expect.arrayContaining(['index.js', 'index.js.map', 'package.json', 'node_modules/sharp/package.json']),
    );
    const natives = Object.keys(zip.nativeBinaries);
    expect(natives).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(
            `^node_modules/@img/sharp-linux-${cpu[arch]}/lib/sharp-linux-${cpu[arch]}-[\\d.]+\\.node$`,
          ),
        ),
        expect.stringMatching(
          new RegExp(`^node_modules/@img/sharp-libvips-linux-${cpu[arch]}/lib/libvips-cpp\\.so\\.[\\d.]+$`),
        ),
      ]),
    );
    expect(paths.filter((path) => path.includes(`linux-${other[arch]}`))).toEqual([]);
  });

  it(`has only ELF binaries for ${elfMachineFor(arch)}`, () => {
    const machines = new Set(Object.values(zip.nativeBinaries));
    expect([...machines]).toEqual([elfMachineFor(arch)]);
  });

  it('holds real files only, with fixed times and modes (no symlinks: Lambda zips cannot carry them)', () => {
    expect(zip.entries.filter((entry) => entry.isSymlink || entry.isDirectory)).toEqual([]);
    expect(new Set(zip.entries.map((entry) => entry.mode))).toEqual(new Set([0o100644]));
    expect(new Set(zip.entries.map((entry) => `${entry.dosDate}/${entry.dosTime}`)).size).toBe(1);
  });

  it('bundles the AWS SDK at the pinned version and leaves sharp outside the bundle', async () => {
    const code = (await readZipEntry(builtZip(arch), 'index.js')).toString('utf8');
    const build = JSON.parse(await readFile(join(APP_DIR, 'artifacts', 'resize-build.json'), 'utf8')) as {
      bundledPackages: Record<string, string>;
    };
    const manifest = JSON.parse(await readFile(join(APP_DIR, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(build.bundledPackages['@aws-sdk/client-s3']).toBe(manifest.dependencies['@aws-sdk/client-s3']);
    expect(code).toMatch(/require\("sharp"\)/);
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
  });
});

describe('the resize build', () => {
  let outDir: string;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'resize-rebuild-'));
  });

  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it('is deterministic: rebuilding from the same sources gives the shipped zips byte for byte (fails on stale zips: pnpm build)', async () => {
    const rebuilt = await buildLambdaZips(resizeBuildOptions(APP_DIR, outDir));
    for (const artifact of rebuilt.artifacts) {
      const shipped = sha256(await readFile(builtZip(artifact.arch)));
      expect({ arch: artifact.arch, sha256: artifact.sha256 }).toEqual({
        arch: artifact.arch,
        sha256: shipped,
      });
    }
  }, 60_000);
});
