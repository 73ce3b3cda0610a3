import { build, type Message, type Metafile } from 'esbuild';
import { join } from 'node:path';
import { PackagingError } from './types.js';

export interface BundleOptions {
  /** The handler module (exports `handler`), absolute or relative to `workspaceRoot`. */
  readonly entry: string;
  /** Paths in the source map are relative to this folder (the repository root). */
  readonly workspaceRoot: string;
  /** Packages left out of the bundle (native ones, copied next to it instead). */
  readonly external?: readonly string[];
}

export interface Bundle {
  /** `index.js`: CommonJS, minified, ending with `//# sourceMappingURL=index.js.map`. */
  readonly code: Buffer;
  /** `index.js.map`: no `sourcesContent`, sources relative to the workspace root. */
  readonly map: Buffer;
  /** name -> version of every npm package in the bundle (from the pnpm store paths). */
  readonly packages: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
}

const STORE_PATH = /node_modules\/\.pnpm\/([^/]+)\/node_modules\/((?:@[^/]+\/)?[^/]+)\//;

/** name -> version from pnpm store paths such as `node_modules/.pnpm/@aws-sdk+client-s3@3.1169.0/node_modules/@aws-sdk/client-s3/...`. */
export function packagesOf(metafile: Metafile): Record<string, string> {
  const packages: Record<string, string> = {};
  for (const input of Object.keys(metafile.inputs)) {
    const match = STORE_PATH.exec(input);
    if (match === null) continue;
    const [, storeDir = '', name = ''] = match;
    const prefix = `${name.replace('/', '+')}@`;
    if (storeDir.startsWith(prefix)) packages[name] = storeDir.slice(prefix.length).split('_')[0] ?? '';
  }
  return Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b)));
}

function describe(message: Message): string {
  return `${message.id ? `[${message.id}] ` : ''}${message.text}${message.location ? ` (${message.location.file}:${message.location.line})` : ''}`;
}

/**
 * Bundles a handler for Lambda's nodejs22.x: CommonJS, platform node, target node22,
 * minified (names kept, so `error.name` survives), linked source map without sources content,
 * the `@pipeline/source` condition (workspace packages from source), ES module entry points
 * preferred for tree shaking. The AWS SDK is bundled like any other dependency, so the
 * artifact runs the version pinned in the lockfile, not the runtime's.
 *
 * @throws {PackagingError} `ABSOLUTE_PATH` if a build-machine path leaks into the output;
 *   `IMPORT_META` if ESM-only `import.meta` would be empty in the CommonJS bundle.
 */
export async function bundleHandler(options: BundleOptions): Promise<Bundle> {
  const result = await build({
    entryPoints: [options.entry],
    absWorkingDir: options.workspaceRoot,
    outfile: join(options.workspaceRoot, 'index.js'),
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    conditions: ['@pipeline/source'],
    mainFields: ['module', 'main'],
    external: [...(options.external ?? [])],
    metafile: true,
    logLevel: 'silent',
    charset: 'utf8',
  });
  const importMeta = result.warnings.filter((warning) => warning.id === 'empty-import-meta');
  if (importMeta.length > 0)
    throw new PackagingError(
      'IMPORT_META',
      `import.meta is empty in a CommonJS bundle: ${importMeta.map(describe).join('; ')}`,
    );
  const code = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
  if (code === undefined || map === undefined)
    throw new PackagingError('BUNDLE_INCOMPLETE', 'esbuild produced no index.js or index.js.map');
  for (const file of [code, map]) {
    if (file.text.includes(options.workspaceRoot))
      throw new PackagingError(
        'ABSOLUTE_PATH',
        `${file.path} contains the build folder path ${options.workspaceRoot}`,
      );
  }
  return {
    code: Buffer.from(code.contents),
    map: Buffer.from(map.contents),
    packages: packagesOf(result.metafile),
    warnings: result.warnings.map(describe),
  };
}
