/**
 * The pipe between a writer (DuckDB in the engine; here a plain file writer standing in for it) and
 * an output sink: every byte arrives, in order, through a FIFO or through a scratch file; a failing
 * sink stops the writer instead of leaving it blocked, and its failure is the one reported.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyThrough, makeFifos } from '../../src/engine/pipes.js';
import type { ByteSink } from '../../src/sink.js';

let dir: string;
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etl-pipes-'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** Writes `chunks` 64 KiB pieces to `path`, as a COPY would. */
async function writer(path: string, chunks: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < chunks; i += 1) if (!out.write(Buffer.alloc(65536, i % 251))) await once(out, 'drain');
  out.end();
  await once(out, 'close');
}

function collecting(failAfter = Infinity): ByteSink & { received: Buffer[]; ended: boolean } {
  const received: Buffer[] = [];
  let bytes = 0;
  return {
    received,
    ended: false,
    get bytes() {
      return bytes;
    },
    async write(chunk) {
      if (bytes >= failAfter) throw new Error('sink failed');
      const buf = Buffer.from(chunk as Uint8Array);
      received.push(buf);
      bytes += buf.length;
    },
    async end() {
      this.ended = true;
    },
  };
}

const expected = (chunks: number) =>
  Buffer.concat(Array.from({ length: chunks }, (_, i) => Buffer.alloc(65536, i % 251)));

describe.each([true, false])('copyThrough (fifo: %p)', (fifo) => {
  const path = async () => {
    const p = join(dir, `out.${(n += 1)}`);
    if (fifo) expect(await makeFifos([p])).toBe(true);
    return p;
  };

  it('delivers every byte in order, then ends the sink', async () => {
    const sink = collecting();
    await copyThrough(await path(), fifo, sink, (p) => writer(p, 300));
    expect(Buffer.concat(sink.received).equals(expected(300))).toBe(true);
    expect(sink.ended).toBe(true);
  });

  it('reports a failing sink, and does not end it', async () => {
    const sink = collecting(1 << 20);
    await expect(copyThrough(await path(), fifo, sink, (p) => writer(p, 300))).rejects.toThrow('sink failed');
    expect(sink.ended).toBe(false);
  });

  it('reports a failing writer, and does not end the sink', async () => {
    const sink = collecting();
    const failing = async () => {
      throw new Error('copy failed');
    };
    await expect(copyThrough(await path(), fifo, sink, failing)).rejects.toThrow('copy failed');
    expect(sink.ended).toBe(false);
  });
});
