import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { elfMachine } from './elf.js';
import { PackagingError } from './types.js';

/** One entry of a zip's central directory. */
export interface ZipEntry {
  readonly path: string;
  readonly size: number;
  readonly compressedSize: number;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  /** Unix mode from the external attributes (0 when the zip was not made on Unix). */
  readonly mode: number;
  readonly isSymlink: boolean;
  readonly isDirectory: boolean;
  /** Raw DOS date and time fields, to check timestamps are fixed. */
  readonly dosDate: number;
  readonly dosTime: number;
  /** True when an extra field (e.g. an extended timestamp) is present. */
  readonly hasExtraFields: boolean;
  readonly localHeaderOffset: number;
}

const openBuffer = promisify<Buffer, yauzl.Options, ZipFile>(yauzl.fromBuffer);

function toZipEntry(entry: Entry): ZipEntry {
  // The upper byte of "version made by" names the host system; 3 is Unix, whose mode sits in the external attributes.
  const mode = entry.versionMadeBy >>> 8 === 3 ? entry.externalFileAttributes >>> 16 : 0;
  return {
    path: entry.fileName,
    size: entry.uncompressedSize,
    compressedSize: entry.compressedSize,
    method: entry.compressionMethod,
    mode,
    isSymlink: (mode & 0o170000) === 0o120000,
    isDirectory: entry.fileName.endsWith('/'),
    dosDate: entry.lastModFileDate,
    dosTime: entry.lastModFileTime,
    hasExtraFields: entry.extraFieldLength > 0,
    localHeaderOffset: entry.relativeOffsetOfLocalHeader,
  };
}

/**
 * Visits every entry of a zip held in memory, in central-directory order, with a way to read its
 * bytes (yauzl does the parsing, the inflating and the file-name validation).
 */
async function visitEntries(
  zip: Buffer,
  visit: (entry: ZipEntry, read: () => Promise<Buffer>) => Promise<void>,
): Promise<void> {
  let file: ZipFile;
  try {
    file = await openBuffer(zip, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true });
  } catch (cause) {
    throw new PackagingError('NOT_A_ZIP', `Not a readable zip: ${(cause as Error).message}`);
  }
  const openStream = promisify<Entry, Readable>(file.openReadStream.bind(file));
  const read = async (entry: Entry): Promise<Buffer> =>
    Buffer.concat(await (await openStream(entry)).toArray());
  await new Promise<void>((done, fail) => {
    file.on('error', fail);
    file.on('end', () => done());
    file.on('entry', (entry: Entry) => {
      visit(toZipEntry(entry), () => read(entry)).then(() => file.readEntry(), fail);
    });
    file.readEntry();
  });
}

/** The entries of a zip held in memory, in central-directory order. */
export async function zipEntriesOf(zip: Buffer): Promise<ZipEntry[]> {
  const entries: ZipEntry[] = [];
  await visitEntries(zip, async (entry) => void entries.push(entry));
  return entries;
}

/** The bytes of one entry (by path) of a zip held in memory. */
export async function entryData(zip: Buffer, path: string): Promise<Buffer> {
  let data: Buffer | undefined;
  await visitEntries(zip, async (entry, read) => {
    if (entry.path === path) data = await read();
  });
  if (data === undefined) throw new PackagingError('NO_SUCH_ENTRY', `No entry ${path} in the zip`);
  return data;
}

/** The entries of the zip at `zipPath`. */
export async function zipEntries(zipPath: string): Promise<ZipEntry[]> {
  return zipEntriesOf(await readFile(zipPath));
}

/** What an artifact test checks: entries, and the ELF machine of every `.node`/`.so` file. */
export interface ZipInspection {
  readonly entries: ZipEntry[];
  /** Path -> ELF machine (`x86_64`, `aarch64`) for each native binary in the zip. */
  readonly nativeBinaries: Readonly<Record<string, string | undefined>>;
}

const NATIVE = /\.node$|\.so(\.\d+)*$/;

/** Reads a zip's entries and the ELF machine type of each native binary it holds. */
export async function inspectZip(zipPath: string): Promise<ZipInspection> {
  const entries: ZipEntry[] = [];
  const nativeBinaries: Record<string, string | undefined> = {};
  await visitEntries(await readFile(zipPath), async (entry, read) => {
    entries.push(entry);
    if (NATIVE.test(entry.path)) nativeBinaries[entry.path] = elfMachine(await read());
  });
  return { entries, nativeBinaries };
}

/** One entry's bytes, by path. */
export async function readZipEntry(zipPath: string, path: string): Promise<Buffer> {
  return entryData(await readFile(zipPath), path);
}

/** Unzips into `dir` (files only; refuses paths that would escape `dir`). */
export async function extractZip(zipPath: string, dir: string): Promise<void> {
  const root = resolve(dir);
  await visitEntries(await readFile(zipPath), async (entry, read) => {
    const target = resolve(join(root, entry.path));
    if (!target.startsWith(root + sep))
      throw new PackagingError('BAD_ENTRY_PATH', `Entry escapes the target folder: ${entry.path}`);
    if (entry.isDirectory) return;
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, await read(), { mode: entry.mode & 0o777 || 0o644 });
  });
}

/** An artifact unzipped for a test run: `taskDir` holds the code, `root` (remove it after) holds both. */
export interface UnpackedArtifact {
  readonly root: string;
  readonly taskDir: string;
}

/**
 * Unzips an artifact into `<fresh temp folder>/task`, as Lambda unpacks into /var/task: with no
 * node_modules above it, so the code can only load what the zip carries.
 */
export async function unpackArtifact(zipPath: string, label: string): Promise<UnpackedArtifact> {
  const root = await mkdtemp(join(tmpdir(), `${label}-`));
  const taskDir = join(root, 'task');
  await mkdir(taskDir);
  await extractZip(zipPath, taskDir);
  return { root, taskDir };
}
