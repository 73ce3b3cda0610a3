import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { inflateRawSync } from 'node:zlib';
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

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

function findEndOfCentralDirectory(zip: Buffer): number {
  for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 22 - 0xffff); offset--) {
    if (zip.readUInt32LE(offset) === EOCD_SIGNATURE) return offset;
  }
  throw new PackagingError('NOT_A_ZIP', 'No end-of-central-directory record: not a zip file');
}

function parseCentralEntry(zip: Buffer, offset: number): { entry: ZipEntry; next: number } {
  if (zip.readUInt32LE(offset) !== CENTRAL_SIGNATURE) throw new PackagingError('NOT_A_ZIP', `Bad central directory entry at ${offset}`);
  const nameLength = zip.readUInt16LE(offset + 28);
  const extraLength = zip.readUInt16LE(offset + 30);
  const commentLength = zip.readUInt16LE(offset + 32);
  const path = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
  const hostOs = zip.readUInt8(offset + 5);
  const mode = hostOs === 3 ? zip.readUInt32LE(offset + 38) >>> 16 : 0;
  const entry: ZipEntry = {
    path,
    method: zip.readUInt16LE(offset + 10),
    dosTime: zip.readUInt16LE(offset + 12),
    dosDate: zip.readUInt16LE(offset + 14),
    compressedSize: zip.readUInt32LE(offset + 20),
    size: zip.readUInt32LE(offset + 24),
    mode,
    isSymlink: (mode & 0o170000) === 0o120000,
    isDirectory: path.endsWith('/'),
    hasExtraFields: extraLength > 0,
    localHeaderOffset: zip.readUInt32LE(offset + 42),
  };
  return { entry, next: offset + 46 + nameLength + extraLength + commentLength };
}

/** The entries of a zip held in memory, in central-directory order. */
export function zipEntriesOf(zip: Buffer): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    const parsed = parseCentralEntry(zip, offset);
    entries.push(parsed.entry);
    offset = parsed.next;
  }
  return entries;
}

/** The bytes of one entry of a zip held in memory. */
export function entryData(zip: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeaderOffset;
  if (zip.readUInt32LE(at) !== LOCAL_SIGNATURE) throw new PackagingError('NOT_A_ZIP', `Bad local header for ${entry.path}`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const raw = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(raw);
  if (entry.method === 8) return inflateRawSync(raw);
  throw new PackagingError('UNSUPPORTED_ZIP', `Unsupported compression method ${entry.method} for ${entry.path}`);
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
  const zip = await readFile(zipPath);
  const entries = zipEntriesOf(zip);
  const nativeBinaries: Record<string, string | undefined> = {};
  for (const entry of entries) {
    if (NATIVE.test(entry.path)) nativeBinaries[entry.path] = elfMachine(entryData(zip, entry));
  }
  return { entries, nativeBinaries };
}

/** One entry's bytes, by path. */
export async function readZipEntry(zipPath: string, path: string): Promise<Buffer> {
  const zip = await readFile(zipPath);
  const entry = zipEntriesOf(zip).find((candidate) => candidate.path === path);
  if (entry === undefined) throw new PackagingError('NO_SUCH_ENTRY', `No entry ${path} in ${zipPath}`);
  return entryData(zip, entry);
}

/** Unzips into `dir` (files only; refuses paths that would escape `dir`). */
export async function extractZip(zipPath: string, dir: string): Promise<void> {
  const zip = await readFile(zipPath);
  const root = resolve(dir);
  for (const entry of zipEntriesOf(zip)) {
    const target = resolve(join(root, entry.path));
    if (!target.startsWith(root + sep)) throw new PackagingError('BAD_ENTRY_PATH', `Entry escapes the target folder: ${entry.path}`);
    if (entry.isDirectory) continue;
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, entryData(zip, entry));
  }
}
