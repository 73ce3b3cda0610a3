/**
 * The file's text as UTF-8 bytes, streaming. A byte order mark decides the encoding where there is
 * one (UTF-8's is dropped; UTF-16's select UTF-16 LE or BE); otherwise the dataset's `encoding`:
 * UTF-8 is validated as it passes (simdutf through `buffer.isUtf8`) and kept byte for byte,
 * windows-1252 and latin1 (ISO-8859-1) are transcoded, UTF-16 needs its byte order mark. Bytes that
 * are not text in the encoding stop the file with a CsvEncodingError naming their offset; the
 * valid text before them is yielded first, so the caller can count the lines up to them.
 */
import { isUtf8 } from 'node:buffer';
import type { Encoding } from './dataset-config.js';
import { CsvEncodingError } from './errors.js';

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

const startsWith = (buf: Buffer, bom: readonly number[]): boolean =>
  buf.length >= bom.length && bom.every((byte, i) => buf[i] === byte);

/** Bytes at the end of `buf` that start a UTF-8 sequence the next chunk completes. */
function incompleteTail(buf: Buffer): number {
  let i = buf.length - 1;
  while (i >= 0 && buf.length - i <= 3 && ((buf[i] as number) & 0xc0) === 0x80) i -= 1;
  if (i < 0) return 0;
  const lead = buf[i] as number;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return buf.length - i < need ? buf.length - i : 0;
}

/** Index of the first byte that does not start a valid UTF-8 sequence (the slow path, run once on failure). */
function firstInvalidUtf8(buf: Buffer): number {
  for (let i = 0; i < buf.length;) {
    const lead = buf[i] as number;
    const need =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (need === 0 || i + need > buf.length || !isUtf8(buf.subarray(i, i + need))) return i;
    i += need;
  }
  return buf.length;
}

/** Buffers the first bytes until a byte order mark can be told apart (3 bytes, or the end). */
async function* withHead(
  source: AsyncIterable<Buffer>,
): AsyncGenerator<{ head: Buffer; rest: AsyncIterator<Buffer> }> {
  const rest = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 3) {
    const next = await rest.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  yield { head, rest };
}

async function* chunksAfter(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length) yield head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/** UTF-8 validated chunk by chunk, each ending on a character boundary; `offset` counts from `base`. */
async function* validUtf8(source: AsyncIterable<Buffer>, base: number): AsyncGenerator<Buffer> {
  let carry = Buffer.alloc(0);
  let offset = base;
  const fail = function* (buf: Buffer): Generator<Buffer> {
    const bad = firstInvalidUtf8(buf);
    if (bad > 0) yield buf.subarray(0, bad);
    throw new CsvEncodingError('NOT_UTF8', 'UTF-8', offset + bad, 0);
  };
  for await (const chunk of source) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const tail = incompleteTail(buf);
    const body = buf.subarray(0, buf.length - tail);
    carry = Buffer.from(buf.subarray(buf.length - tail));
    if (!isUtf8(body)) yield* fail(body);
    if (body.length) yield body;
    offset += body.length;
  }
  if (carry.length) {
    if (!isUtf8(carry)) yield* fail(carry);
    yield carry;
  }
}

/** Text decoded by a WHATWG decoder (UTF-16, windows-1252), re-encoded as UTF-8. */
async function* transcoded(
  source: AsyncIterable<Buffer>,
  label: string,
  base: number,
): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder(label, { fatal: true });
  let offset = base;
  for await (const chunk of source) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      // The decoder cannot say where; UTF-16's only error is an unpaired surrogate, reported at its chunk.
      throw new CsvEncodingError('NOT_UTF16', 'UTF-16', offset, 0);
    }
    offset += chunk.length;
    if (text) yield Buffer.from(text, 'utf8');
  }
  try {
    const last = decoder.decode();
    if (last) yield Buffer.from(last, 'utf8');
  } catch {
    throw new CsvEncodingError('NOT_UTF16', 'UTF-16', offset, 0);
  }
}

async function* latin1(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of source) yield Buffer.from(chunk.toString('latin1'), 'utf8');
}

/** The text of `source` as UTF-8 bytes, decoded as described above. */
export async function* utf8Text(source: AsyncIterable<Buffer>, encoding: Encoding): AsyncGenerator<Buffer> {
  for await (const { head, rest } of withHead(source)) {
    if (startsWith(head, UTF16LE_BOM) || startsWith(head, UTF16BE_BOM)) {
      const label = startsWith(head, UTF16LE_BOM) ? 'utf-16le' : 'utf-16be';
      yield* transcoded(chunksAfter(head.subarray(2), rest), label, 2);
    } else if (startsWith(head, UTF8_BOM)) {
      yield* validUtf8(chunksAfter(head.subarray(3), rest), 3);
    } else if (encoding === 'utf-16') {
      if (head.length) throw new CsvEncodingError('NOT_UTF16', 'UTF-16 (no byte order mark)', 0, 1);
    } else if (encoding === 'windows-1252') {
      yield* transcoded(chunksAfter(head, rest), 'windows-1252', 0);
    } else if (encoding === 'latin1') {
      yield* latin1(chunksAfter(head, rest));
    } else {
      yield* validUtf8(chunksAfter(head, rest), 0);
    }
  }
}
