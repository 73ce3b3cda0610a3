/**
 * The committed dependency lock file, `infra/.terraform.lock.hcl`. cdktf synthesizes each stack into
 * `cdktf.out/stacks/<stack>/`, where terraform looks for the lock; `cdktf synth` (main.ts) copies the
 * committed one there, so every init verifies the providers against it (CI: `-lockfile=readonly`).
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const PROVIDER_LOCK_FILE = '.terraform.lock.hcl';

export interface LockedProvider {
  /** e.g. `registry.terraform.io/hashicorp/aws` */
  readonly source: string;
  readonly version: string;
  readonly hashes: readonly string[];
}

/** Where the committed lock lives: `<repo>/infra/.terraform.lock.hcl`. */
export function providerLockPath(repoRoot: string): string {
  return path.join(repoRoot, 'infra', PROVIDER_LOCK_FILE);
}

/** Copies the committed lock into a synthesized stack directory (no-op when there is none to copy). */
export function installProviderLock(lockFile: string, stackDir: string): boolean {
  if (!existsSync(lockFile)) return false;
  copyFileSync(lockFile, path.join(stackDir, PROVIDER_LOCK_FILE));
  return true;
}

/** The providers a lock file records, with their versions and hashes. */
export function readProviderLock(lockFile: string): LockedProvider[] {
  const text = readFileSync(lockFile, 'utf8');
  return [...text.matchAll(/provider\s+"([^"]+)"\s*\{([\s\S]*?)\n\}/g)].map(([, source, body]) => ({
    source: source ?? '',
    version: /version\s*=\s*"([^"]+)"/.exec(body ?? '')?.[1] ?? '',
    hashes: [...(body ?? '').matchAll(/"((?:h1|zh):[^"]+)"/g)].map((m) => m[1] ?? ''),
  }));
}
