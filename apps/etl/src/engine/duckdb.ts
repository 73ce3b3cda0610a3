/** DuckDB instances with the configured limits: one per converted file, closed after its passes. */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface DuckDbLimits {
  readonly threads: number;
  readonly memoryMb: number;
  readonly workDir: string;
}

async function openDuckDb(limits: DuckDbLimits): Promise<DuckDBInstance> {
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

/** Opens a fresh instance per call (about 20 ms), so each file's DuckDB memory is released when it is done. */
export function duckDbFactory(limits: DuckDbLimits): () => Promise<DuckDBInstance> {
  return () => openDuckDb(limits);
}
