/**
 * DuckDB writes each output into a named pipe (FIFO) while Node reads it into the output's sink,
 * so an output streams to S3 as DuckDB produces it and never lands on local disk. Where FIFOs
 * cannot be made (no `mkfifo`), the output is a scratch file streamed to the sink after the COPY.
 */
import { execFile } from 'node:child_process';
import { closeSync, constants, createReadStream, openSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { promisify } from 'node:util';
import type { ByteSink } from '../sink.js';

let fifosWork: boolean | undefined;

/** Makes FIFOs at `paths` (one `mkfifo` for all); false when this system cannot. */
export async function makeFifos(paths: readonly string[]): Promise<boolean> {
  if (fifosWork === false || paths.length === 0) return false;
  try {
    await promisify(execFile)('mkfifo', ['-m', '600', ...paths]);
    fifosWork = true;
  } catch {
    fifosWork = false;
  }
  return fifosWork;
}

/** Everything `source` yields into `sink`; a failed write stops the reading and is returned. */
async function pump(
  source: AsyncIterable<Buffer> & { destroy(): void },
  sink: ByteSink,
): Promise<{ sinkFailure?: unknown }> {
  try {
    for await (const chunk of source) {
      try {
        await sink.write(chunk);
      } catch (error) {
        // Closing our read end makes DuckDB's next write fail (EPIPE), so the COPY cannot hang.
        source.destroy();
        return { sinkFailure: error };
      }
    }
  } catch {
    // The reader was closed after a failed COPY: that failure is reported instead.
  }
  return {};
}

/**
 * Runs `copy` (a DuckDB COPY to `path`) while its bytes go into `sink`, and ends the sink when all
 * of them are in. With a FIFO, a writer of our own holds the pipe open until the COPY is done, so
 * the reader sees no end of file before DuckDB has opened the pipe. On a failure the sink is not
 * ended (the caller aborts the output); the sink's own failure wins over the COPY's.
 */
export async function copyThrough(
  path: string,
  fifo: boolean,
  sink: ByteSink,
  copy: (path: string) => Promise<void>,
): Promise<void> {
  if (!fifo) {
    await copy(path);
    const { sinkFailure } = await pump(createReadStream(path, { highWaterMark: 1 << 20 }), sink);
    await rm(path, { force: true });
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the sink's own failure, as it was thrown
    if (sinkFailure !== undefined) throw sinkFailure;
    return sink.end();
  }
  const reader = new Socket({
    fd: openSync(path, constants.O_RDONLY | constants.O_NONBLOCK),
    readable: true,
    writable: false,
  });
  const holder = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  const pumping = pump(reader, sink);
  let copyFailure: unknown;
  try {
    await copy(path);
  } catch (error) {
    copyFailure = error;
    reader.destroy();
  } finally {
    closeSync(holder);
  }
  const { sinkFailure } = await pumping;
  // A sink that failed first is the cause: the COPY then only saw its pipe closed.
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- the sink's own failure, as it was thrown
  if (sinkFailure !== undefined) throw sinkFailure;
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- DuckDB's own failure, as it was thrown
  if (copyFailure !== undefined) throw copyFailure;
  await sink.end();
}
