import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { findWorkspaceRoot, PackagingError } from '../../src/index.js';

describe('findWorkspaceRoot', () => {
  let outside: string;
  let root: string;

  beforeAll(async () => {
    outside = await mkdtemp(join(tmpdir(), 'workspace-root-'));
    root = join(outside, 'repo');
    await mkdir(join(root, 'apps', 'copy', 'src'), { recursive: true });
    await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages: [apps/*]\n');
  });
  afterAll(() => rm(outside, { recursive: true, force: true }));

  it('finds the folder holding pnpm-workspace.yaml from any folder or file below it, or itself', () => {
    expect(findWorkspaceRoot(join(root, 'apps', 'copy', 'src'))).toBe(root);
    expect(findWorkspaceRoot(join(root, 'apps', 'copy', 'src', 'handler.ts'))).toBe(root);
    expect(findWorkspaceRoot(root)).toBe(root);
  });

  it('takes a path relative to the working folder', () => {
    expect(findWorkspaceRoot(relative(process.cwd(), join(root, 'apps')))).toBe(root);
  });

  it('defaults to the working folder (this repository)', () => {
    expect(findWorkspaceRoot()).toBe(findWorkspaceRoot(__dirname));
  });

  it('fails with NO_WORKSPACE outside any workspace, naming where it looked', () => {
    const error = (() => {
      try {
        return findWorkspaceRoot(outside);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(PackagingError);
    expect(error).toMatchObject({ code: 'NO_WORKSPACE', message: expect.stringContaining(outside) });
  });
});
