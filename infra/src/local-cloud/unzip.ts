import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

const openZip = promisify<string, yauzl.Options, ZipFile>(yauzl.open);

/** Unpacks a zip into `targetDir` as Lambda does with a deployment package (entries outside it are refused). */
export async function unzipTo(zipPath: string, targetDir: string): Promise<void> {
  const zip = await openZip(zipPath, { lazyEntries: true, autoClose: true });
  const root = resolve(targetDir);
  const openStream = promisify<Entry, Readable>(zip.openReadStream.bind(zip));
  await new Promise<void>((done, fail) => {
    zip.on('error', fail);
    zip.on('end', () => done());
    zip.on('entry', (entry: Entry) => {
      extractEntry(entry, root, openStream).then(() => zip.readEntry(), fail);
    });
    zip.readEntry();
  });
}

async function extractEntry(entry: Entry, root: string, openStream: (entry: Entry) => Promise<Readable>): Promise<void> {
  const destination = resolve(join(root, entry.fileName));
  if (destination !== root && !destination.startsWith(root + sep)) throw new Error(`zip entry ${entry.fileName} escapes the target folder`);
  if (entry.fileName.endsWith('/')) {
    await mkdir(destination, { recursive: true });
    return;
  }
  await mkdir(dirname(destination), { recursive: true });
  const mode = (entry.externalFileAttributes >>> 16) & 0o777;
  await pipeline(await openStream(entry), createWriteStream(destination, { mode: mode || 0o644 }));
}
