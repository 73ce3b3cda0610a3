/**
 * Turns the object's bytes into UTF-8 CSV bytes, streaming: the stored size counted against
 * MAX_INPUT_BYTES, gunzip (for .gz) with the expanded size counted against MAX_EXPANDED_BYTES and a
 * ratio guard, text decoding (text-encoding.ts), and a NUL check. Whole-file problems surface as
 * UnreadableCsvError or TooLargeError; errors of the source itself (network) pass unchanged.
 * Line breaks are left as they are here: stage.ts normalizes them outside quoted fields only.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Encoding } from './dataset-config.js';
import { TooLargeError, UnreadableCsvError } from './errors.js';
import { checkExpanded, type ByteLimits } from './limits.js';
import { utf8Text } from './text-encoding.js';

/** zlib reports corrupt or truncated input with these codes. */
const ZLIB_DATA_CODES = new Set([
  'Z_DATA_ERROR',
  'Z_BUF_ERROR',
  'Z_NEED_DICT',
  'ERR_ZLIB_INITIALIZATION_FAILED',
]);

export interface DecodeOptions {
  readonly gzipped: boolean;
  readonly encoding: Encoding;
  readonly limits: ByteLimits;
}

function isZlibDataError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ZLIB_DATA_CODES.has(String((error as { code?: unknown }).code))
  );
}

/** The stored bytes as Buffers, counted: `counter.bytes` is how many have been read so far. */
async function* counted(
  source: AsyncIterable<Uint8Array>,
  counter: { bytes: number },
): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    counter.bytes += chunk.byteLength;
    yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

async function* gunzip(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const inflate = createGunzip({ chunkSize: 1 << 20 });
  const pumping = pipeline(Readable.from(source, { objectMode: false }), inflate).catch((error: unknown) => {
    inflate.destroy(error as Error);
  });
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch (error) {
    if (isZlibDataError(error))
      throw new UnreadableCsvError('BAD_GZIP', 'The gzip stream is corrupt or truncated', { cause: error });
    throw error;
  } finally {
    // Stops the source too when the consumer gives up early (a limit broke).
    inflate.destroy();
  }
  await pumping;
}

/** The (inflated) bytes, stopped as soon as they pass MAX_EXPANDED_BYTES or the ratio guard. */
async function* expandedWithin(
  source: AsyncIterable<Buffer>,
  stored: { bytes: number },
  options: DecodeOptions,
): AsyncGenerator<Buffer> {
  let expanded = 0;
  for await (const chunk of options.gzipped ? gunzip(source) : source) {
    expanded += chunk.length;
    checkExpanded(expanded, options.gzipped ? stored.bytes : undefined, options.limits);
    yield chunk;
  }
}

/** Rejects NUL bytes (a binary file, or text in an encoding other than the declared one); EMPTY_FILE when nothing is left. */
async function* textOnly(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of source) {
    if (chunk.indexOf(0) !== -1)
      throw new UnreadableCsvError('NOT_CSV', 'The file holds NUL bytes: not CSV text in its encoding');
    bytes += chunk.length;
    yield chunk;
  }
  if (bytes === 0) throw new UnreadableCsvError('EMPTY_FILE', 'The file is empty');
}

/** Decoded, validated UTF-8 bytes of an object's body, within the limits. */
export function csvBytes(source: AsyncIterable<Uint8Array>, options: DecodeOptions): AsyncGenerator<Buffer> {
  const stored = { bytes: 0 };
  const within = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of counted(source, stored)) {
      if (stored.bytes > options.limits.maxInputBytes)
        throw new TooLargeError({
          variable: 'MAX_INPUT_BYTES',
          limit: options.limits.maxInputBytes,
          measured: `The object streamed past ${stored.bytes} bytes`,
          advice: 'Raise it, or split the file',
        });
      yield chunk;
    }
  };
  return textOnly(utf8Text(expandedWithin(within(), stored, options), options.encoding));
}

/** True when a key names a gzipped file. */
export function isGzipKey(key: string): boolean {
  return key.toLowerCase().endsWith('.gz');
}
