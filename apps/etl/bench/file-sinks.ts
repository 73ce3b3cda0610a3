/** Local-file sinks for running the pipeline outside Lambda (bench, tests). */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { IngestSinks } from './js-pipeline/ingest.js';
import { writableSink } from '../src/sink.js';

export function fileSinks(dir: string, base: string): IngestSinks {
  return {
    parquet: writableSink(createWriteStream(join(dir, `${base}.parquet`))),
    ndjson: writableSink(createWriteStream(join(dir, `${base}.ndjson`))),
    rejected: () => writableSink(createWriteStream(join(dir, `${base}.rejected.csv`))),
  };
}
