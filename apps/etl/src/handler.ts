import { log, s3 } from './clients.js';
import { loadConfig } from './config.js';
import { duckDbFactory } from './engine/duckdb.js';
import { createEtlHandler, type EtlHandler } from './etl-handler.js';

/** Validated at cold start: a bad variable (DATASETS included) fails the init with its name. */
const config = loadConfig();

/** A DuckDB instance per converted file, with the configured limits. */
const duckdb = duckDbFactory({
  threads: config.duckdbThreads,
  memoryMb: config.duckdbMemoryMb,
  workDir: config.workDir,
});

export const handler: EtlHandler = createEtlHandler({ config, s3, log, duckdb });
