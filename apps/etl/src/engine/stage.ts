/**
 * Stages the object on local disk (DuckDB reads a file): UTF-8 bytes within the limits, line
 * breaks outside quoted fields made LF, written as they stream in. Files without a CR pass through
 * untouched; at the first CR, the bytes staged so far are scanned once to learn the quoting state,
 * and from then on every chunk goes through the normalizer. The first bytes are kept as text for
 * the header and the type sample.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Dialect } from '../dataset-config.js';
import { csvBytes, type DecodeOptions } from '../decode.js';
import { CsvEncodingError } from '../errors.js';
import { countLineBreaks, CR, LineBreakNormalizer } from '../line-breaks.js';

export interface StagedFile {
  readonly path: string;
  readonly bytes: number;
  /** The file's first `headBytes` bytes (or all of it), as text. */
  readonly head: string;
  /** True when `head` is the whole file. */
  readonly complete: boolean;
}

export interface StageOptions {
  readonly decode: DecodeOptions;
  readonly dialect: Dialect;
  readonly headBytes?: number;
}

/** Reads back the first `bytes` of `path` chunk by chunk. */
async function* stagedBytes(path: string, bytes: number): AsyncGenerator<Buffer> {
  if (bytes === 0) return;
  yield* createReadStream(path, { end: bytes - 1, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
}

/** Line (1-based) of the byte after the first `bytes` staged bytes. */
async function lineAfter(path: string, bytes: number): Promise<number> {
  let line = 1;
  let afterCr = false;
  for await (const chunk of stagedBytes(path, bytes)) {
    line += countLineBreaks(chunk, afterCr);
    afterCr = chunk[chunk.length - 1] === CR;
  }
  return line;
}

export async function stageCsv(
  source: AsyncIterable<Uint8Array>,
  path: string,
  options: StageOptions,
): Promise<StagedFile> {
  const headBytes = options.headBytes ?? 1 << 20;
  const head: Buffer[] = [];
  let kept = 0;
  let bytes = 0;
  let normalizer: LineBreakNormalizer | undefined;
  const file = await open(path, 'w');
  try {
    for await (const chunk of csvBytes(source, options.decode)) {
      if (!normalizer && chunk.indexOf(CR) !== -1) {
        normalizer = new LineBreakNormalizer(options.dialect);
        for await (const staged of stagedBytes(path, bytes)) normalizer.scan(staged);
      }
      const out = normalizer ? normalizer.normalize(chunk) : chunk;
      if (kept < headBytes) {
        head.push(out);
        kept += out.length;
      }
      await file.write(out);
      bytes += out.length;
    }
  } catch (error) {
    if (error instanceof CsvEncodingError) throw error.atLine(await lineAfter(path, bytes));
    throw error;
  } finally {
    await file.close();
  }
  return { path, bytes, head: Buffer.concat(head).toString('utf8'), complete: kept >= bytes };
}
