/**
 * `pnpm start` and `pnpm soak` from the root build first, through the workspace's own turbo. The
 * build itself is not run here (the test lanes read what it writes); where it is run from is.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { turboCommand } from '../../src/cli/build-first.js';

describe('the build before a run', () => {
  it("runs the workspace's turbo from the workspace root, wherever in it the command starts", () => {
    for (const from of [join(__dirname, '..', '..'), join(__dirname, '..', '..', 'src', 'cli'), __dirname]) {
      const turbo = turboCommand(from);
      expect(existsSync(join(turbo.cwd, 'pnpm-workspace.yaml'))).toBe(true);
      expect(existsSync(turbo.file)).toBe(true);
      expect(turbo.file).toBe(join(turbo.cwd, 'node_modules', '.bin', 'turbo'));
    }
  });
});
