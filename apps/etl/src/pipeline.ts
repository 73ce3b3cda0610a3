import type { S3Client } from '@aws-sdk/client-s3';
import type { DuckDBInstance } from '@duckdb/node-api';
import { createS3Client, type PipelineSpec } from '@pipeline/lambda-kit';
import { loadConfig, type EtlConfig } from './config.js';
import { duckDbFactory } from './engine/duckdb.js';
import { outputsOfKey, processCsvObject, rejectionKey } from './process-object.js';

/** What the etl function talks to, built once per container: S3, and DuckDB (an instance per file). */
export interface EtlClients {
  readonly s3: S3Client;
  readonly duckdb: () => Promise<DuckDBInstance>;
}

/** The etl pipeline: its configuration, clients and the work for one CSV, for lambda-kit's skeleton. */
export const etlPipeline: PipelineSpec<EtlConfig, EtlClients> = {
  name: 'etl',
  loadConfig,
  clients: (config) => ({
    s3: createS3Client(),
    duckdb: duckDbFactory({
      threads: config.duckdbThreads,
      memoryMb: config.duckdbMemoryMb,
      workDir: config.workDir,
    }),
  }),
  // One object at a time per container: DuckDB uses the cores, and its thread setting is per instance.
  concurrency: { default: 1, max: 1 },
  process: (object, { config, clients, log, requestId, remainingMs, onSourceRemoved }) =>
    processCsvObject(
      config,
      { s3: clients.s3, log, duckdb: clients.duckdb, remainingMs, onSourceRemoved },
      object,
      requestId,
    ),
  rejectionKey: (object, config) => rejectionKey(config, object),
  // A rejected version leaves no outputs of the key's earlier version behind (a re-upload's own
  // outputs replace the earlier ones in processCsvObject).
  staleOutputs: (object, config, outcome, clients) =>
    outcome.kind === 'rejected' ? outputsOfKey(config, clients.s3, object) : [],
  // A removed CSV takes its Parquet, NDJSON, quarantined rows and manifest with it (named by the manifest).
  onSourceRemoved: 'remove-outputs',
  outputsOf: (object, config, clients) => outputsOfKey(config, clients.s3, object),
};
