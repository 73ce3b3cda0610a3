/**
 * The apps' built Lambda zips, consumed by path (never their source):
 * `apps/<app>/artifacts/<app>-<arch>.zip` relative to the repository root.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Architecture } from './config/index.js';
import { MissingArtifactError } from './errors.js';

export interface LambdaArtifact {
  /** The app folder (`apps/<app>`), named after its pipeline. */
  readonly app: string;
  readonly architecture: Architecture;
  /** Absolute path of the zip. */
  readonly zipPath: string;
  /** base64 SHA-256 of the zip: what Lambda reports as CodeSha256. */
  readonly sha256Base64: string;
}

export function artifactPath(repoRoot: string, app: string, architecture: Architecture): string {
  return path.join(repoRoot, 'apps', app, 'artifacts', `${app}-${architecture}.zip`);
}

/** Resolves and hashes one app's zip; throws MissingArtifactError ("run pnpm build") when absent. */
export function loadArtifact(repoRoot: string, app: string, architecture: Architecture): LambdaArtifact {
  const zipPath = artifactPath(repoRoot, app, architecture);
  if (!existsSync(zipPath)) throw new MissingArtifactError(zipPath, app);
  const sha256Base64 = createHash('sha256').update(readFileSync(zipPath)).digest('base64');
  return { app, architecture, zipPath, sha256Base64 };
}
