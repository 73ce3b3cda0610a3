/**
 * A throwaway repository root holding small placeholder zips at the paths the stacks read,
 * so synth tests do not depend on the apps having been built.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const APPS = ['copy', 'resize', 'etl'] as const;
const ARCHITECTURES = ['arm64', 'x86_64'] as const;

/** Runs `use` with a fake repo root and removes it afterwards; `withArtifacts: false` leaves the artifact folders empty. */
export function withFakeRepo<T>(use: (root: string) => T, options: { withArtifacts?: boolean } = {}): T {
  const root = mkdtempSync(path.join(os.tmpdir(), 'infra-fake-repo-'));
  try {
    writeFileSync(path.join(root, 'pnpm-workspace.yaml'), "packages:\n  - 'apps/*'\n  - infra\n");
    mkdirSync(path.join(root, 'infra'));
    for (const app of APPS) {
      const dir = path.join(root, 'apps', app, 'artifacts');
      mkdirSync(dir, { recursive: true });
      if (options.withArtifacts === false) continue;
      // Content differs per app and architecture so each hash is distinct.
      for (const arch of ARCHITECTURES)
        writeFileSync(path.join(dir, `${app}-${arch}.zip`), `placeholder ${app} ${arch}`);
    }
    return use(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
