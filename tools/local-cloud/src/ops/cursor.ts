/**
 * `pnpm reprocess`'s resumable cursor: the last key up to which every object was delivered, in
 * ListObjectsV2's (lexicographic) order, kept in a small JSON file after each delivery. A run that
 * stops (Ctrl-C, an error, a lost connection) continues after it; a run that completes removes it,
 * so the next run starts from the beginning.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.js';

/** What a cursor belongs to: a cursor is only resumed by a run over the same objects. */
export interface CursorScope {
  readonly env: string;
  readonly pipeline: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly since: string | undefined;
}

interface CursorFile extends CursorScope {
  readonly lastKey: string;
  readonly delivered: number;
  readonly updatedAt: string;
}

export interface Cursor {
  readonly file: string;
  /** The key to start after, and how many were delivered before, when resuming. */
  load(): Promise<{ lastKey: string; delivered: number } | undefined>;
  save(lastKey: string, delivered: number): Promise<void>;
  clear(): Promise<void>;
}

/** `.reprocess/<env>-<pipeline>-<hash of the scope>.json` under `dir`. */
export function defaultCursorFile(dir: string, scope: CursorScope): string {
  const hash = createHash('sha256').update(JSON.stringify(scope)).digest('hex').slice(0, 12);
  return join(dir, '.reprocess', `${scope.env}-${scope.pipeline}-${hash}.json`);
}

function sameScope(a: CursorScope, b: CursorScope): boolean {
  return (
    a.env === b.env &&
    a.pipeline === b.pipeline &&
    a.bucket === b.bucket &&
    a.prefix === b.prefix &&
    a.since === b.since
  );
}

export function fileCursor(file: string, scope: CursorScope): Cursor {
  return {
    file,
    async load() {
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (text === undefined) return undefined;
      const saved = JSON.parse(text) as CursorFile;
      if (!sameScope(saved, scope))
        throw new UsageError(
          `${file} is the cursor of another run (${saved.env} ${saved.pipeline} s3://${saved.bucket}/${saved.prefix}): remove it or pass another --cursor`,
        );
      return { lastKey: saved.lastKey, delivered: saved.delivered };
    },
    async save(lastKey, delivered) {
      const body: CursorFile = { ...scope, lastKey, delivered, updatedAt: new Date().toISOString() };
      await mkdir(dirname(file), { recursive: true });
      // Written whole and renamed, so an interrupted write never leaves half a cursor.
      await writeFile(`${file}.tmp`, `${JSON.stringify(body, null, 2)}\n`);
      await rename(`${file}.tmp`, file);
    },
    clear: () => rm(file, { force: true }),
  };
}
