/** The JS pipeline's input: a CSV file's bytes decoded as the function decodes them, as text chunks. */
import { csvBytes } from '../src/decode.js';

export const NO_LIMITS = { maxInputBytes: Infinity, maxExpandedBytes: Infinity, maxGzipRatio: Infinity };

export async function* decodedText(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  for await (const chunk of csvBytes(source, { gzipped: false, encoding: 'utf-8', limits: NO_LIMITS }))
    yield chunk.toString('utf8');
}
