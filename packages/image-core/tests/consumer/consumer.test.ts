/**
 * The package as another team gets it: `pnpm pack`, `npm install` of the tarball into a scratch
 * project outside the workspace (the registry's sharp, no workspace links), then every import
 * style run against a real image: CommonJS `require`, ES module `import`, TypeScript with
 * `moduleResolution` node16, nodenext and bundler, and the README's esbuild + Lambda zip recipe.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  colourDistance,
  cornerColour,
  jpegWithExifOrientation6,
  MARK_COLOUR,
} from '@pipeline/image-core/testing';
import { createConsumerProject, elfMachine, NPM_ENV, PACKAGE_DIR, readmeRecipe, run } from './scratch';

const RECIPE_MARKER = '<!-- recipe: lambda-zip -->';
/** What image-core declares: a range (`^0.35.5`), so a consumer's own sharp can serve both. */
const sharpRange = (
  JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  }
).dependencies['sharp'];
/** The consumer's own sharp: another release inside that range than its lower bound. */
const CONSUMER_SHARP = '0.35.6';

let project: string;
let input: string;
const scratchDirs: string[] = [];
beforeAll(async () => {
  project = createConsumerProject({ sharp: CONSUMER_SHARP }).dir;
  scratchDirs.push(project);
  input = join(project, 'upright-100x200.jpg'); // stored 200x100, EXIF orientation 6, red mark top-right
  writeFileSync(input, await jpegWithExifOrientation6());
  writeFileSync(join(project, 'not-an-image.txt'), 'hello');
}, 180_000);

afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

const node = (args: readonly string[], cwd = project): string => run(process.execPath, args, cwd);

describe('installed from the packed tarball', () => {
  it('resolves the package and sharp inside the scratch project, from the published manifest', () => {
    const installed = realpathSync(join(project, 'node_modules', '@pipeline', 'image-core'));
    expect(relative(project, installed).startsWith('..')).toBe(false);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(manifest['exports'])).not.toContain('@pipeline/source');
    const sharp = JSON.parse(readFileSync(join(project, 'node_modules/sharp/package.json'), 'utf8')) as {
      version: string;
    };
    expect(sharp.version).toBe(CONSUMER_SHARP);
    const resolved = node([
      '-p',
      "require.resolve('sharp', { paths: [require.resolve('@pipeline/image-core')] })",
    ]);
    expect(
      realpathSync(resolved.trim()).startsWith(join(realpathSync(project), 'node_modules', 'sharp')),
    ).toBe(true);
  });

  it("shares one sharp with a consumer that depends on another version in image-core's range", () => {
    expect(sharpRange).toMatch(/^\^0\.35\.\d+$/);
    const lowerBound = Number(sharpRange!.split('.')[2]);
    expect(Number(CONSUMER_SHARP.split('.')[2])).toBeGreaterThan(lowerBound);
    const copies = run('npm', ['ls', 'sharp', '--all', '--parseable'], project)
      .trim()
      .split('\n')
      .filter((line) => line.endsWith(`${join('node_modules', 'sharp')}`));
    expect(new Set(copies.map((copy) => realpathSync(copy)))).toEqual(
      new Set([realpathSync(join(project, 'node_modules', 'sharp'))]),
    );
  });

  it('loads with require(), also where Node has no require(esm) (as Node 20.11 to 20.18)', () => {
    const check =
      "const c = require('@pipeline/image-core'); if (typeof c.renderVariants !== 'function') process.exit(3)";
    node(['-e', check]);
    if (process.allowedNodeEnvironmentFlags.has('--no-experimental-require-module'))
      node(['--no-experimental-require-module', '-e', check]);
  });
});

describe.each(['node16', 'nodenext'])('TypeScript, moduleResolution %s', (resolution) => {
  beforeAll(() => {
    run(
      process.execPath,
      [join(project, 'node_modules/typescript/bin/tsc'), '-p', `ts/tsconfig.${resolution}.json`],
      project,
    );
  }, 60_000);

  it.each([
    ['cjs', 'consume.cjs'],
    ['esm', 'consume.mjs'],
  ])('the %s consumer renders upright variants and classifies a bad input', async (style, file) => {
    const summary = JSON.parse(node([join(project, 'build', resolution, file), input, project])) as unknown;
    expect(summary).toEqual({
      style,
      variants: [
        { name: 'half', width: 50, height: 100, format: 'jpeg' },
        { name: 'sq', width: 40, height: 40, format: 'webp' },
      ],
      hasExif: false,
      error: 'UNSUPPORTED_FORMAT',
    });
    const half = readFileSync(join(project, `${style}-half.jpg`));
    expect(colourDistance(await cornerColour(half, 'top-right'), MARK_COLOUR)).toBeLessThan(60);
  });
});

describe("esbuild and the README's Lambda zip recipe", () => {
  const buildZip = (cpu: 'x64' | 'arm64'): string => {
    run('bash', ['-euo', 'pipefail', '-c', readmeRecipe(RECIPE_MARKER)], project, {
      ...NPM_ENV,
      LAMBDA_CPU: cpu,
    });
    return join(project, 'build', `function-${cpu}.zip`);
  };
  const entries = (zip: string): string[] => run('unzip', ['-Z1', zip], project).trim().split('\n');

  it("the handler is the README's example, and type-checks with moduleResolution bundler", () => {
    const readme = readFileSync(join(PACKAGE_DIR, 'README.md'), 'utf8');
    const handler = readFileSync(join(__dirname, 'project', 'src', 'handler.ts'), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${handler}\`\`\``);
    run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
  });

  it('builds an x64 zip whose unpacked handler loads sharp and renders a real image', () => {
    const zip = buildZip('x64');
    expect(run('unzip', ['-Z', zip], project)).not.toMatch(/^l/m); // no symlinks
    const unpacked = mkdtempSync(join(tmpdir(), 'image-core-lambda-'));
    scratchDirs.push(unpacked);
    run('unzip', ['-q', zip, '-d', unpacked], project);
    const invoke = (path: string) =>
      JSON.parse(
        node(
          [
            '-e',
            `require('./index.js').handler({ path: ${JSON.stringify(path)} }).then((r) => console.log(JSON.stringify(r)))`,
          ],
          unpacked,
        ),
      ) as unknown;
    expect(invoke(input)).toEqual({
      outcome: 'written',
      variants: [
        { name: 'thumbnail', width: 100, height: 200 },
        { name: 'quarter', width: 25, height: 50 },
      ],
    });
    expect(invoke(join(project, 'not-an-image.txt'))).toEqual({
      outcome: 'rejected',
      code: 'UNSUPPORTED_FORMAT',
    });
  }, 60_000);

  it('builds an arm64 zip holding only linux-arm64 (AArch64) binaries of sharp', () => {
    const zip = buildZip('arm64');
    const names = entries(zip);
    expect(names).toEqual(
      expect.arrayContaining(['index.js', 'package.json', 'node_modules/sharp/package.json']),
    );
    expect(names.filter((name) => /linux-x64/.test(name))).toEqual([]);
    const binaries = names.filter((name) => /\.(node|so(\.\d+)*)$/.test(name));
    expect(binaries).toEqual(
      expect.arrayContaining([expect.stringMatching(/sharp-linux-arm64[^/]*\.node$/)]),
    );
    for (const binary of binaries)
      expect([
        binary,
        elfMachine(execFileSync('unzip', ['-p', zip, binary], { maxBuffer: 2 ** 27 })),
      ]).toEqual([binary, 183]);
  }, 60_000);
});
