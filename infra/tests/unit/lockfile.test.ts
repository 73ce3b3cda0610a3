/**
 * One version of each AWS SDK package in the lockfile: two copies of a client (or of @aws-sdk/core
 * under them) double what a zip carries and can disagree on middleware. Renovate updates them as one
 * group (renovate.json); this fails when a partial update or a new dependency brings in a second.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@pipeline/lambda-packager/workspace-root';

/** The `name@version` keys of the lockfile's `packages:` section (pnpm lockfile v9). */
function lockedPackages(lockfile: string): { name: string; version: string }[] {
  const section = lockfile.slice(lockfile.indexOf('\npackages:\n'), lockfile.indexOf('\nsnapshots:\n'));
  return [...section.matchAll(/^ {2}'?(@?[^@\s']+)@([^:'\s(]+)'?:$/gm)].map((m) => ({
    name: m[1] as string,
    version: m[2] as string,
  }));
}

function versionsByName(packages: readonly { name: string; version: string }[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const { name, version } of packages) byName.set(name, [...(byName.get(name) ?? []), version]);
  return byName;
}

describe('the lockfile', () => {
  const lockfile = readFileSync(join(findWorkspaceRoot(), 'pnpm-lock.yaml'), 'utf8');

  it('holds one version of each @aws-sdk package', () => {
    const sdk = [...versionsByName(lockedPackages(lockfile))].filter(([name]) =>
      name.startsWith('@aws-sdk/'),
    );
    expect(sdk.length).toBeGreaterThan(10);
    expect(sdk.filter(([, versions]) => versions.length > 1)).toEqual([]);
  });

  it('is read as it is written: a second version of a package is seen', () => {
    const twice = `lockfileVersion: '9.0'\n\npackages:\n\n  '@aws-sdk/core@3.981.0':\n    resolution: {}\n\n  '@aws-sdk/core@3.982.0':\n    resolution: {}\n\nsnapshots:\n`;
    expect(versionsByName(lockedPackages(twice)).get('@aws-sdk/core')).toEqual(['3.981.0', '3.982.0']);
  });
});
