/**
 * Turns the object's bytes into CSV text, streaming: gunzip (for .gz), strict UTF-8 decoding
 * (the BOM dropped), CRLF normalized to LF so mixed line endings parse alike. Whole-file
 * problems surface as UnreadableCsvError; errors of the source itself (network) pass unchanged.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { UnreadableCsvError } from './errors.js';

/** zlib reports corrupt or truncated input with these codes. */
const ZLIB_DATA_CODES = new Set(['Z_DATA_ERROR', 'Z_BUF_ERROR', 'Z_NEED_DICT', 'ERR_ZLIB_INITIALIZATION_FAILED']);

function isZlibDataError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && ZLIB_DATA_CODES.has(String((error as { code?: unknown }).code));
}

async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const inflate = createGunzip();
  const pumping = pipeline(Readable.from(source, { objectMode: false }), inflate).catch((error: unknown) => {
    inflate.destroy(error as Error);
  });
  try {
    for await (const chunk of inflate) yield chunk as Uint8Array;
  } catch (error) {
    if (isZlibDataError(error)) throw new UnreadableCsvError('BAD_GZIP', 'The gzip stream is corrupt or truncated', { cause: error });
    throw error;
  }
  await pumping;
}

/** UTF-8 text chunks of `source`; throws NOT_UTF8 at the first invalid byte sequence, EMPTY_FILE when there is no byte at all. */
async function* utf8(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  try {
    for await (const chunk of source) {
      bytes += chunk.byteLength;
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      throw new UnreadableCsvError('NOT_UTF8', 'The file is not valid UTF-8', { cause: error });
    }
    throw error;
  }
  if (bytes === 0) throw new UnreadableCsvError('EMPTY_FILE', 'The file is empty');
}

/** CRLF -> LF across chunk boundaries; rejects text holding NUL characters (a binary file). */
async function* normalizeNewlines(source: AsyncIterable<string>): AsyncGenerator<string> {
  let pendingCr = false;
  for await (const chunk of source) {
    if (chunk.includes('\0')) throw new UnreadableCsvError('NOT_CSV', 'The file holds NUL characters: not CSV text');
    let text: string = pendingCr ? `\r${chunk}` : chunk;
    pendingCr = text.endsWith('\r');
    if (pendingCr) text = text.slice(0, -1);
    yield text.replaceAll('\r\n', '\n');
  }
  if (pendingCr) yield '\r';
}

/** Decoded, normalized CSV text of an object's bytes. */
export function csvText(source: AsyncIterable<Uint8Array>, gzipped: boolean): AsyncGenerator<string> {
  return normalizeNewlines(utf8(gzipped ? gunzip(source) : source));
}

/** True when a key names a gzipped CSV. */
export function isGzipKey(key: string): boolean {
  return key.toLowerCase().endsWith('.gz');
}
