/**
 * A throwaway repository root holding small placeholder zips at the paths the stacks read
 * (`apps/<pipeline>/artifacts/<pipeline>-<arch>.zip`), so synth tests do not depend on the apps
 * having been built.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PIPELINES, type PipelineRegistry } from '../../src/config/index.js';

const ARCHITECTURES = ['arm64', 'x86_64'] as const;

export interface FakeRepoOptions {
  /** `false` leaves the artifact folders empty. @default true */
  readonly withArtifacts?: boolean;
  /** The pipelines whose zips the repo holds. @default PIPELINES */
  readonly pipelines?: PipelineRegistry;
  /** A real zip to place for some pipelines instead of a placeholder, by pipeline name. */
  readonly zips?: Readonly<Record<string, string>>;
}

/** Runs `use` with a fake repo root and removes it afterwards. */
export function withFakeRepo<T>(use: (root: string) => T, options: FakeRepoOptions = {}): T {
  const root = mkdtempSync(path.join(os.tmpdir(), 'infra-fake-repo-'));
  try {
    writeFileSync(path.join(root, 'pnpm-workspace.yaml'), "packages:\n  - 'apps/*'\n  - infra\n");
    mkdirSync(path.join(root, 'infra'));
    for (const { name } of options.pipelines ?? PIPELINES) {
      const dir = path.join(root, 'apps', name, 'artifacts');
      mkdirSync(dir, { recursive: true });
      if (options.withArtifacts === false) continue;
      for (const arch of ARCHITECTURES) {
        const zip = path.join(dir, `${name}-${arch}.zip`);
        const fixture = options.zips?.[name];
        // Placeholder content differs per app and architecture so each hash is distinct.
        if (fixture === undefined) writeFileSync(zip, `placeholder ${name} ${arch}`);
        else copyFileSync(fixture, zip);
      }
    }
    return use(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
