import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { unpackArtifact, type UnpackedArtifact } from '@pipeline/lambda-packager';

const run = promisify(execFile);

const APP_DIR = join(__dirname, '../..');
export const zipPath = (arch: 'arm64' | 'x86_64'): string => join(APP_DIR, 'artifacts', `copy-${arch}.zip`);

function tsxBinary(): string {
  for (let dir = APP_DIR; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules/.bin/tsx');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('tsx is not installed (pnpm install)');
}

/** Runs `pnpm build`'s script (tsx build.ts), as turbo does before `test`. */
export async function buildArtifacts(): Promise<void> {
  await run(tsxBinary(), ['build.ts'], { cwd: APP_DIR });
}

/** Unzips a built artifact (built first when missing) into a fresh temporary folder. */
export async function unpack(arch: 'arm64' | 'x86_64'): Promise<UnpackedArtifact> {
  if (!existsSync(zipPath(arch))) await buildArtifacts();
  return unpackArtifact(zipPath(arch), `copy-${arch}`);
}
