import { existsSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { bundleHandler, type Bundle } from './bundle.js';
import { collectNativeFiles, type NativePackage } from './native.js';
import { LAMBDA_ARCHS, PackagingError, type ArtifactFile, type LambdaArch } from './types.js';
import { findWorkspaceRoot } from './workspace-root.js';
import { writeDeterministicZip } from './zip-write.js';

export interface LambdaBuildOptions {
  /** The handler module exporting `handler` (absolute, or relative to the current folder). */
  readonly entry: string;
  /** Where the zips go, e.g. `apps/copy/artifacts`. */
  readonly outDir: string;
  /** Zip names are `<name>-<arch>.zip`. */
  readonly name: string;
  /** Default: both, arm64 and x86_64. */
  readonly archs?: readonly LambdaArch[];
  /** Packages with native binaries, kept out of the bundle and copied for each architecture. */
  readonly nativePackages?: readonly string[];
  /** Default: the nearest folder above `entry` holding `pnpm-workspace.yaml`. */
  readonly workspaceRoot?: string;
}

export interface LambdaArtifact {
  readonly arch: LambdaArch;
  readonly zipPath: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly entries: number;
  readonly unzippedBytes: number;
  readonly nativePackages: readonly NativePackage[];
}

export interface LambdaBuildResult {
  readonly name: string;
  readonly artifacts: readonly LambdaArtifact[];
  /** `index.js` size in bytes. */
  readonly bundleBytes: number;
  /** name -> version of every npm package bundled into `index.js`. */
  readonly bundledPackages: Readonly<Record<string, string>>;
  readonly warnings: readonly string[];
}

/** The nearest folder above `from` holding a package.json (the app whose dependencies apply). */
function packageDirOf(from: string): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new PackagingError('NO_PACKAGE', `No package.json above ${from}`);
  }
}

/** `{"type":"commonjs"}` so `index.js` loads as CommonJS wherever the zip is unpacked. */
const PACKAGE_JSON = Buffer.from('{\n  "type": "commonjs"\n}\n');

async function zipForArch(
  options: LambdaBuildOptions,
  bundle: Bundle,
  entry: string,
  arch: LambdaArch,
): Promise<LambdaArtifact> {
  const native = await collectNativeFiles(options.nativePackages ?? [], packageDirOf(entry), arch);
  const files: ArtifactFile[] = [
    { path: 'index.js', data: bundle.code },
    { path: 'index.js.map', data: bundle.map },
    { path: 'package.json', data: PACKAGE_JSON },
    ...native.files,
  ];
  const zipPath = join(resolve(options.outDir), `${options.name}-${arch}.zip`);
  const written = await writeDeterministicZip(files, zipPath);
  const unzippedBytes = files.reduce((sum, file) => sum + file.data.length, 0);
  return { arch, zipPath, ...written, entries: files.length, unzippedBytes, nativePackages: native.packages };
}

/**
 * Builds `<outDir>/<name>-<arch>.zip` for each architecture from one bundle, and writes a
 * report `<outDir>/<name>-build.json` (sizes, hashes, bundled package versions).
 *
 * @example
 * await buildLambdaZips({ entry: 'src/handler.ts', outDir: 'artifacts', name: 'resize', nativePackages: ['sharp'] });
 */
export async function buildLambdaZips(options: LambdaBuildOptions): Promise<LambdaBuildResult> {
  const entry = isAbsolute(options.entry) ? options.entry : resolve(options.entry);
  const workspaceRoot = options.workspaceRoot ?? findWorkspaceRoot(entry);
  const bundle = await bundleHandler({ entry, workspaceRoot, external: options.nativePackages ?? [] });
  const artifacts: LambdaArtifact[] = [];
  for (const arch of options.archs ?? LAMBDA_ARCHS)
    artifacts.push(await zipForArch(options, bundle, entry, arch));
  const result: LambdaBuildResult = {
    name: options.name,
    artifacts,
    bundleBytes: bundle.code.length,
    bundledPackages: bundle.packages,
    warnings: bundle.warnings,
  };
  await mkdir(resolve(options.outDir), { recursive: true });
  const report = {
    ...result,
    artifacts: artifacts.map((artifact) => ({
      ...artifact,
      zipPath: `${options.name}-${artifact.arch}.zip`,
    })),
  };
  await writeFile(
    join(resolve(options.outDir), `${options.name}-build.json`),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  return result;
}

/** One architecture only; see {@link buildLambdaZips}. */
export async function buildLambdaZip(
  options: Omit<LambdaBuildOptions, 'archs'> & { readonly arch: LambdaArch },
): Promise<LambdaArtifact> {
  const result = await buildLambdaZips({ ...options, archs: [options.arch] });
  return result.artifacts[0] as LambdaArtifact;
}

/** A one-line-per-zip summary for build scripts. */
export function formatBuildResult(result: LambdaBuildResult): string {
  const lines = result.artifacts.map(
    (a) =>
      `${result.name}-${a.arch}.zip  ${(a.bytes / 1024).toFixed(1)} KiB  (${a.entries} files, ${(a.unzippedBytes / 1024).toFixed(1)} KiB unzipped)  sha256 ${a.sha256}`,
  );
  return [...lines, ...result.warnings.map((warning) => `warning: ${warning}`)].join('\n');
}
