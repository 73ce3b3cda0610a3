/**
 * Turns the object's bytes into clean CSV bytes, streaming: gunzip (for .gz), strict UTF-8
 * validation (simdutf through `buffer.isUtf8`), the BOM dropped, CRLF normalized to LF so mixed
 * line endings parse alike. Whole-file problems surface as UnreadableCsvError; errors of the
 * source itself (network) pass unchanged.
 */
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { UnreadableCsvError } from './errors.js';

/** zlib reports corrupt or truncated input with these codes. */
const ZLIB_DATA_CODES = new Set([
  'Z_DATA_ERROR',
  'Z_BUF_ERROR',
  'Z_NEED_DICT',
  'ERR_ZLIB_INITIALIZATION_FAILED',
]);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const CR = 0x0d;
const LF = 0x0a;

function isZlibDataError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ZLIB_DATA_CODES.has(String((error as { code?: unknown }).code))
  );
}

async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const inflate = createGunzip();
  const pumping = pipeline(Readable.from(source, { objectMode: false }), inflate).catch((error: unknown) => {
    inflate.destroy(error as Error);
  });
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch (error) {
    if (isZlibDataError(error))
      throw new UnreadableCsvError('BAD_GZIP', 'The gzip stream is corrupt or truncated', { cause: error });
    throw error;
  }
  await pumping;
}

/** Bytes at the end of `buf` that start a UTF-8 sequence the next chunk completes. */
function incompleteTail(buf: Buffer): number {
  let i = buf.length - 1;
  while (i >= 0 && buf.length - i <= 3 && ((buf[i] as number) & 0xc0) === 0x80) i -= 1;
  if (i < 0) return 0;
  const lead = buf[i] as number;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return buf.length - i < need ? buf.length - i : 0;
}

const notUtf8 = () => new UnreadableCsvError('NOT_UTF8', 'The file is not valid UTF-8');

/** Validated UTF-8 chunks, each ending on a character boundary, the BOM dropped; EMPTY_FILE when there is no byte. */
async function* utf8(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let carry = Buffer.alloc(0);
  let first = true;
  for await (const chunk of source) {
    let buf = carry.length
      ? Buffer.concat([carry, chunk])
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (first && buf.length >= 3) {
      first = false;
      if (buf.subarray(0, 3).equals(BOM)) buf = buf.subarray(3);
    }
    const tail = incompleteTail(buf);
    const body = buf.subarray(0, buf.length - tail);
    carry = Buffer.from(buf.subarray(buf.length - tail));
    if (!isUtf8(body)) throw notUtf8();
    if (body.length) yield body;
  }
  if (carry.length) {
    if (first && carry.equals(BOM)) return;
    if (!isUtf8(carry)) throw notUtf8();
    yield carry;
  }
}

/** Drops every CR that precedes an LF, across chunk boundaries; rejects NUL bytes (a binary file). */
async function* normalizeNewlines(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pendingCr = false;
  let bytes = 0;
  for await (const chunk of source) {
    bytes += chunk.length;
    if (chunk.indexOf(0) !== -1)
      throw new UnreadableCsvError('NOT_CSV', 'The file holds NUL bytes: not CSV text');
    let buf: Buffer = pendingCr ? Buffer.concat([Buffer.from([CR]), chunk]) : chunk;
    pendingCr = buf[buf.length - 1] === CR;
    if (pendingCr) buf = buf.subarray(0, -1);
    yield buf.indexOf(CR) === -1 ? buf : dropCrBeforeLf(buf);
  }
  if (pendingCr) yield Buffer.from([CR]);
  if (bytes === 0) throw new UnreadableCsvError('EMPTY_FILE', 'The file is empty');
}

function dropCrBeforeLf(buf: Buffer): Buffer {
  const out = Buffer.allocUnsafe(buf.length);
  let length = 0;
  let from = 0;
  for (let at = buf.indexOf(CR); at !== -1; at = buf.indexOf(CR, at + 1)) {
    if (buf[at + 1] !== LF) continue;
    length += buf.copy(out, length, from, at);
    from = at + 1;
  }
  length += buf.copy(out, length, from);
  return out.subarray(0, length);
}

/** Decoded, validated, LF-normalized CSV bytes of an object's body. */
export function csvBytes(source: AsyncIterable<Uint8Array>, gzipped: boolean): AsyncGenerator<Buffer> {
  return normalizeNewlines(utf8(gzipped ? gunzip(source) : source));
}

/** The same, as text chunks (each chunk ends on a character boundary). */
export async function* csvText(source: AsyncIterable<Uint8Array>, gzipped: boolean): AsyncGenerator<string> {
  for await (const chunk of csvBytes(source, gzipped)) yield chunk.toString('utf8');
}

/** True when a key names a gzipped CSV. */
export function isGzipKey(key: string): boolean {
  return key.toLowerCase().endsWith('.gz');
}
