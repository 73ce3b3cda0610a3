import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ZipFile } from 'yazl';
import { PackagingError, type ArtifactFile } from './types.js';

/**
 * Fixed entry time. yazl encodes DOS time from local-time getters, so a date built from
 * local components gives the same bytes in every time zone.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
/** Regular file, rw-r--r--: Lambda only needs to read (dlopen maps, it does not exec). */
const FILE_MODE = 0o100644;

function checkPath(path: string): void {
  if (
    path === '' ||
    path.startsWith('/') ||
    path.includes('\\') ||
    path.split('/').some((part) => part === '..' || part === '.' || part === '')
  ) {
    throw new PackagingError(
      'BAD_ENTRY_PATH',
      `Expected a relative path with forward slashes for a zip entry but received ${JSON.stringify(path)}`,
    );
  }
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Zips `files` deterministically: entries sorted by path (byte order), a fixed DOS timestamp
 * (no extended-time field), mode 0644, no directory entries, no comment. The same files give
 * the same bytes (for a given zlib, i.e. Node major) and so the same SHA-256.
 */
export async function deterministicZip(files: readonly ArtifactFile[]): Promise<Buffer> {
  const sorted = [...files].sort((a, b) => compareBytes(a.path, b.path));
  sorted.forEach((file, i) => {
    checkPath(file.path);
    if (i > 0 && sorted[i - 1]?.path === file.path)
      throw new PackagingError('DUPLICATE_ENTRY', `Two files for zip entry ${file.path}`);
  });
  const zip = new ZipFile();
  for (const file of sorted) {
    zip.addBuffer(file.data, file.path, {
      mtime: FIXED_MTIME,
      mode: FILE_MODE,
      compress: true,
      forceDosTimestamp: true,
      compressionLevel: 9,
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** SHA-256 of bytes, hex. */
export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes the zip of `files` to `zipPath` and returns its size and SHA-256. */
export async function writeDeterministicZip(
  files: readonly ArtifactFile[],
  zipPath: string,
): Promise<{ bytes: number; sha256: string }> {
  const data = await deterministicZip(files);
  await mkdir(dirname(zipPath), { recursive: true });
  await writeFile(zipPath, data);
  return { bytes: data.length, sha256: sha256(data) };
}
