/** The DuckDB instance: one per container, created on first use with the configured limits. */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface DuckDbLimits {
  readonly threads: number;
  readonly memoryMb: number;
  readonly workDir: string;
}

export async function openDuckDb(limits: DuckDbLimits): Promise<DuckDBInstance> {
  const spill = join(limits.workDir, 'duckdb-spill');
  await mkdir(spill, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(limits.threads),
    memory_limit: `${limits.memoryMb}MB`,
    temp_directory: spill,
    preserve_insertion_order: 'true',
    // No extension may be fetched at run time (no network in the function); the core ones are built in.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  return instance;
}

/** Creates the instance once and hands the same one to every later caller. */
export function lazyDuckDb(limits: DuckDbLimits): () => Promise<DuckDBInstance> {
  let instance: Promise<DuckDBInstance> | undefined;
  return () => (instance ??= openDuckDb(limits));
}
