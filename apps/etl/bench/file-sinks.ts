/** Local-file outputs for running the engine and the JS pipeline outside Lambda (the bench). */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import type { IngestSinks } from './js-pipeline/ingest.js';
import type { ByteSink, OutputSink, WrittenObject } from '../src/sink.js';

/**
 * An output as local files: segment i goes to `<path>.<i>` (one segment: `path` itself); what it
 * wrote is reported as folder (`bucket`) and file name (`key`) of its first file, with every byte.
 * `direct`: DuckDB writes the files itself (the job as measured before outputs streamed); otherwise
 * the bytes come through the engine's pipes and Node, as they do on their way to S3.
 */
export function fileOutput(path: string, direct = true): OutputSink {
  let files: string[] = [];
  let sinks: ByteSink[] = [];
  const paths = (segments: number) =>
    segments === 1 ? [path] : Array.from({ length: segments }, (_, i) => `${path}.${i}`);
  const directFiles = {
    files(segments: number) {
      files = paths(segments);
      return files;
    },
  };
  return {
    ...(direct ? directFiles : {}),
    open(segments) {
      files = paths(segments);
      // A large buffer lets the stream batch the pipe's 64 KiB reads into few writes (writev).
      sinks = files.map((file) => writableSink(createWriteStream(file, { highWaterMark: 4 << 20 })));
      return sinks;
    },
    async finish(): Promise<WrittenObject | undefined> {
      if (files.length === 0) return undefined;
      const sizes = await Promise.all(files.map((file) => stat(file)));
      return { bucket: dirname(path), key: basename(path), bytes: sizes.reduce((sum, s) => sum + s.size, 0) };
    },
    async abort() {},
  };
}

export function fileSinks(dir: string, base: string): IngestSinks {
  return {
    parquet: writableSink(createWriteStream(join(dir, `${base}.parquet`))),
    ndjson: writableSink(createWriteStream(join(dir, `${base}.ndjson`))),
    rejected: fileOutput(join(dir, `${base}.rejected.csv`)),
  };
}

/** Wraps a Node Writable; `finished` resolves when the consumer has taken everything. */
function writableSink(
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
