/**
 * A byte sink: where a writer's output goes (a file in the bench, an S3 multipart upload in the
 * function). Writes wait for the destination to drain, so memory stays bounded.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export interface ByteSink {
  write(chunk: Uint8Array | string): Promise<void>;
  end(): Promise<void>;
  /** Bytes written so far. */
  readonly bytes: number;
}

/** Wraps a Node Writable; `finished` resolves when the consumer has taken everything (e.g. the upload completed). */
export function writableSink(
  stream: Writable,
  finished: () => Promise<void> = () => once(stream, 'finish').then(() => undefined),
): ByteSink {
  let bytes = 0;
  return {
    get bytes() {
      return bytes;
    },
    async write(chunk) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      // once() rejects on 'error', so a failed destination surfaces here too.
      if (!stream.write(chunk)) await once(stream, 'drain');
    },
    async end() {
      const done = finished();
      stream.end();
      await done;
    },
  };
}
