/**
 * The end-to-end bench candidate: the function's own processCsvObject against the emulator, with
 * every transfer it makes (GetObject of the source, the outputs' multipart uploads while DuckDB
 * writes them, the quarantine and the manifest). The source upload is set-up, not timed.
 */
import { GlueClient } from '@aws-sdk/client-glue';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { MemoryLog, unquotedETag } from '@pipeline/lambda-kit';
import { createTestBucket, deleteBucketWithContents, testS3Client } from '@pipeline/testing';
import { createReadStream, statSync } from 'node:fs';
import { loadConfig } from '../src/config.js';
import { duckDbFactory } from '../src/engine/duckdb.js';
import { processCsvObject } from '../src/process-object.js';
import { SYNTHETIC_SCHEMA } from '../tests/fixtures/synthetic-csv.js';

export async function endToEnd(
  csv: string,
  work: string,
  threads: number,
): Promise<{ seconds: number; rows: number; detail: Record<string, unknown> }> {
  const s3 = testS3Client();
  const [source, destination] = [
    await createTestBucket('bench-src', s3),
    await createTestBucket('bench-dst', s3),
  ];
  try {
    const key = 'raw/bench/input.csv';
    // One streamed PUT (no part buffers): the set-up must not count in the peak RSS of the run.
    const body = createReadStream(csv, { highWaterMark: 1 << 20 });
    await s3.send(
      new PutObjectCommand({ Bucket: source, Key: key, Body: body, ContentLength: statSync(csv).size }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: source, Key: key }));
    const config = loadConfig({
      DESTINATION_BUCKET: destination,
      DATASETS: JSON.stringify([{ name: 'bench', prefix: 'raw/bench', schema: SYNTHETIC_SCHEMA }]),
      DUCKDB_THREADS: String(threads),
      WORK_DIR: work,
    });
    const duckdb = duckDbFactory({ threads, memoryMb: config.duckdbMemoryMb, workDir: work });
    const object = {
      index: 0,
      eventName: 'ObjectCreated:Put',
      bucket: source,
      key,
      rawKey: key,
      size: head.ContentLength,
      eTag: unquotedETag(head.ETag),
    };
    const started = performance.now();
    // No GLUE_DATABASE: the bench measures the conversion, and keeps no table (the client is never called).
    const glue = new GlueClient({});
    const result = await processCsvObject(config, { s3, glue, log: new MemoryLog(), duckdb }, object);
    const seconds = (performance.now() - started) / 1000;
    if (result.kind !== 'written') throw new Error(`the end-to-end run ended ${result.kind}`);
    return { seconds, rows: result.measures?.['rowsRead'] ?? 0, detail: { written: result.written } };
  } finally {
    await Promise.all([deleteBucketWithContents(source, s3), deleteBucketWithContents(destination, s3)]);
  }
}
