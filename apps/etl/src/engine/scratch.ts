/**
 * The engine's scratch folder for one file: the staging Parquet, the named pipes the outputs stream
 * through (or files, where pipes cannot be made), and what a failure of local storage means.
 */
import { PipelineError } from '@pipeline/lambda-kit';
import { join } from 'node:path';
import { classifyLocalError } from '../errors.js';
import { freeBytes } from '../limits.js';
import { makeFifos } from './pipes.js';

/** The scratch paths of one file. */
export interface Scratch {
  readonly dir: string;
  readonly staging: string;
  readonly parquet: string;
  readonly ndjson: readonly string[];
  /** True when the outputs are named pipes (false: files streamed after their COPY). */
  readonly fifos: boolean;
}

export async function makeScratch(dir: string, parts: number): Promise<Scratch> {
  const parquet = join(dir, 'out.parquet');
  const ndjson = Array.from({ length: parts }, (_, i) => join(dir, `out.${i}.ndjson`));
  const fifos = await makeFifos([parquet, ...ndjson]);
  return { dir, staging: join(dir, 'staging.parquet'), parquet, ndjson, fifos };
}

/**
 * A failure of local work classified by its errno code; a DuckDB failure (its errors carry no
 * code) found with the work dir full is the same ENOSPC, told by the disk and not by the message.
 */
export async function classifyFailure(error: unknown, dir: string): Promise<unknown> {
  if (error instanceof PipelineError) return error;
  const classified = classifyLocalError(error, dir);
  if (classified !== error) return classified;
  const full = await freeBytes(dir).then(
    (free) => free < 1024 * 1024,
    () => false,
  );
  return full
    ? classifyLocalError(Object.assign(new Error('No space left'), { code: 'ENOSPC', cause: error }), dir)
    : error;
}
