/**
 * Stages the object on local disk (DuckDB reads a file): clean, LF-normalized UTF-8 bytes,
 * written as they stream in. The first bytes are kept as text for the header and the type sample.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { csvBytes } from '../decode.js';

export interface StagedFile {
  readonly path: string;
  readonly bytes: number;
  /** The file's first `headBytes` bytes (or all of it), as text. */
  readonly head: string;
  /** True when `head` is the whole file. */
  readonly complete: boolean;
}

export async function stageCsv(
  source: AsyncIterable<Uint8Array>,
  gzipped: boolean,
  path: string,
  headBytes = 1 << 20,
): Promise<StagedFile> {
  const head: Buffer[] = [];
  let kept = 0;
  let bytes = 0;
  async function* tap(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      if (kept < headBytes) {
        head.push(chunk);
        kept += chunk.length;
      }
      yield chunk;
    }
  }
  await pipeline(tap(csvBytes(source, gzipped)), createWriteStream(path, { highWaterMark: 1 << 20 }));
  return { path, bytes, head: Buffer.concat(head).toString('utf8'), complete: kept >= bytes };
}
