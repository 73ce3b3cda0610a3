/**
 * The one error root, kept: no error class in the repository's sources extends a built-in error
 * directly, except image-core's base (published, sharp its only dependency).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const SOURCE_DIRS = ['packages', 'apps', 'tools'];
const ALLOWED = new Set(['packages/image-core/src/errors.ts']);
const DIRECT = /class\s+(\w+)\s+extends\s+(Error|TypeError|RangeError)\b/g;

function sourceFiles(): string[] {
  const roots = [
    join(ROOT, 'infra', 'src'),
    ...SOURCE_DIRS.flatMap((dir) =>
      readdirSync(join(ROOT, dir), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => join(ROOT, dir, entry.name, 'src')),
    ),
  ];
  return roots.flatMap((root) => {
    try {
      return readdirSync(root, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => join(root, file));
    } catch {
      return [];
    }
  });
}

describe('one error root', () => {
  it('every error class extends CodedError (through its package class), image-core excepted', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(100);
    const direct = files.flatMap((file) => {
      const path = relative(ROOT, file).split('\\').join('/');
      if (ALLOWED.has(path)) return [];
      return [...readFileSync(file, 'utf8').matchAll(DIRECT)].map((match) => `${path}: ${match[1]}`);
    });
    expect(direct).toEqual([]);
  });
});
