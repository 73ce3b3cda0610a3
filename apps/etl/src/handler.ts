import { log, s3 } from './clients.js';
import { loadConfig } from './config.js';
import { lazyDuckDb } from './engine/duckdb.js';
import { createEtlHandler, type EtlHandler } from './etl-handler.js';

/** Validated at cold start: a bad variable (DATASETS included) fails the init with its name. */
const config = loadConfig();

/** One DuckDB per container, opened by the first invocation. */
const duckdb = lazyDuckDb({ threads: config.duckdbThreads, memoryMb: config.duckdbMemoryMb, workDir: config.workDir });

export const handler: EtlHandler = createEtlHandler({ config, s3, log, duckdb });
