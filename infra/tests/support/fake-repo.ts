/**
 * A throwaway repository root holding small placeholder zips at the paths the stacks read,
 * so synth tests do not depend on the apps having been built.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const APPS = ['copy', 'resize', 'etl'] as const;
const ARCHITECTURES = ['arm64', 'x86_64'] as const;

/** Creates the fake repo; `withArtifacts: false` leaves the artifact folders empty. */
export function createFakeRepo(options: { withArtifacts?: boolean } = {}): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'infra-fake-repo-'));
  // Removed when the test worker exits (synchronously: 'exit' handlers cannot await).
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  writeFileSync(path.join(root, 'pnpm-workspace.yaml'), "packages:\n  - 'apps/*'\n  - infra\n");
  mkdirSync(path.join(root, 'infra'));
  for (const app of APPS) {
    const dir = path.join(root, 'apps', app, 'artifacts');
    mkdirSync(dir, { recursive: true });
    if (options.withArtifacts === false) continue;
    // Content differs per app and architecture so each hash is distinct.
    for (const arch of ARCHITECTURES) writeFileSync(path.join(dir, `${app}-${arch}.zip`), `placeholder ${app} ${arch}`);
  }
  return root;
}
