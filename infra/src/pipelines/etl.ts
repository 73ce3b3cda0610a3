/**
 * The etl pipeline: CSV files created under `raw/<dataset>/` in the ingest bucket are validated
 * against their dataset's schema and written as Parquet and NDJSON under `etl/curated/` in the
 * processed bucket, bad rows quarantined (apps/etl). Each dataset is a table of the environment's
 * Glue database.
 */
import type { FunctionSettings } from '../config/function-settings.js';
import type { S3Location } from '../config/s3-location.js';
import {
  checkDatasets,
  declaredTables,
  DEMO_DATASETS,
  localDatasetKey,
  serializeDatasets,
  type DatasetDefinition,
} from './etl/datasets.js';
import { definePipelineModule, type PipelineModuleConfig } from './kit/define.js';
import { sourceAndOutputGrants } from './kit/grants.js';

export interface EtlPipelineConfig extends PipelineModuleConfig {
  readonly curated: S3Location;
  readonly rejected: S3Location;
  readonly datasets: readonly DatasetDefinition[];
}

const FUNCTION: FunctionSettings = {
  // Two vCPUs (Lambda gives one per 1,769 MB): the etl job runs DuckDB on one thread per vCPU, and
  // its throughput target was measured with two (docs/performance.md). Its RSS stays under 512 MB.
  memoryMb: 3584,
  timeoutSeconds: 300,
  reservedConcurrency: 5,
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 3600,
  // The etl job stages the CSV and a staging Parquet in /tmp: about 2.5x the largest uncompressed CSV (apps/etl README, Environment).
  ephemeralStorageMb: 4096,
};

export const etlModule = definePipelineModule<'etl', EtlPipelineConfig>({
  name: 'etl',
  defaults: () => ({
    function: FUNCTION,
    source: { bucket: 'ingest', prefix: 'raw' },
    curated: { bucket: 'processed', prefix: 'etl/curated' },
    rejected: { bucket: 'processed', prefix: 'etl/rejected' },
    datasets: DEMO_DATASETS,
  }),
  outputs: ['curated', 'rejected'],
  rejected: 'rejected',
  validate: (at, config) => checkDatasets(`${at}datasets`, config.datasets),
  // A re-upload replaces the earlier version's outputs; a fixed file's rejection record is cleared.
  grants: sourceAndOutputGrants(['curated', 'rejected'], { deletes: ['curated', 'rejected'] }),
  environment: (config, context) => ({
    CURATED_PREFIX: config.curated.prefix,
    REJECTED_PREFIX: config.rejected.prefix,
    DATASETS: serializeDatasets(config.datasets, config.source.prefix),
    GLUE_DATABASE: context.glue.database,
    GLUE_PARTITIONS_FROM: context.glue.partitionsFrom,
  }),
  // Each dataset's Parquet is a Glue table: declared ones at synth, schema-less ones kept by the function.
  glue: { output: 'curated', tables: (config) => declaredTables(config.datasets) },
  // A removed upload takes its outputs with it ("delete my photo" removes what was made from it).
  onSourceRemoved: 'remove-outputs',
  // `pnpm start --input DIR`: CSV files (gzipped too), each in the dataset its first folder names.
  localInputs: {
    accepts: /\.csv(\.gz)?$/i,
    keyOf: (file, config) => localDatasetKey(config.datasets, file),
  },
});
