/**
 * Everything the etl function reads from its environment, validated once at cold start.
 */
import { tmpdir } from 'node:os';
import {
  bucketName,
  ConfigError,
  keyPrefix,
  optionalString,
  positiveInt,
  requiredString,
  type Env,
} from '@pipeline/lambda-kit';
import { parseDatasets, type DatasetSpec } from './dataset-config.js';
import { DatasetConfigError } from './errors.js';

/**
 * DuckDB's own cap; its buffers outside the cap, Node and the stream buffers come on top. With 128
 * and an instance per file the 1 GB bench peaks at 421-444 MB RSS (at 256 and one instance per
 * container: 451-519 MB).
 */
export const DEFAULT_DUCKDB_MEMORY_MB = 192;

export interface EtlConfig {
  readonly destinationBucket: string;
  /** Folder-normalized (`''` or ending in `/`): only keys under it are processed. */
  readonly sourcePrefix: string;
  readonly curatedPrefix: string;
  readonly rejectedPrefix: string;
  readonly datasets: readonly DatasetSpec[];
  /** Rows per Parquet row group (and per NDJSON write): bounds memory. */
  readonly rowGroupRows: number;
  /** Always 1: one object at a time per container, DuckDB uses the cores (its thread setting is global). */
  readonly recordConcurrency: 1;
  /**
   * DuckDB threads for the passes after the CSV pass, and its memory cap. One by default: in three
   * of four bench runs the whole job was faster with one than with two (4.76-4.88 s against
   * 5.92-5.98 s on 200 MB), and it holds less memory.
   */
  readonly duckdbThreads: number;
  /** Longest record accepted (longer ones are quarantined); DuckDB reads in buffers of 4 times this. */
  readonly maxRecordBytes: number;
  readonly duckdbMemoryMb: number;
  /** Local scratch space for the staged CSV and the outputs (Lambda: /tmp, sized by ephemeral storage). */
  readonly workDir: string;
}

function nonEmptyPrefix(name: string, defaultValue: string, env: Env): string {
  const prefix = keyPrefix(name, defaultValue, env);
  if (prefix === '') throw new ConfigError(name, 'must not be empty (outputs need their own folder)');
  return prefix;
}

function datasets(env: Env): readonly DatasetSpec[] {
  try {
    return parseDatasets(requiredString('DATASETS', env));
  } catch (error) {
    if (error instanceof DatasetConfigError)
      throw new ConfigError('DATASETS', `is invalid: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * Reads and validates every variable (see README); the result is frozen.
 *
 * @throws {ConfigError} naming the first missing or malformed variable.
 */
export function loadConfig(env: Env = process.env): EtlConfig {
  const config: EtlConfig = {
    destinationBucket: bucketName('DESTINATION_BUCKET', env),
    sourcePrefix: keyPrefix('SOURCE_PREFIX', '', env),
    curatedPrefix: nonEmptyPrefix('CURATED_PREFIX', 'curated', env),
    rejectedPrefix: nonEmptyPrefix('REJECTED_PREFIX', 'rejected', env),
    datasets: datasets(env),
    rowGroupRows: positiveInt('ROW_GROUP_ROWS', 50_000, env),
    recordConcurrency: 1,
    duckdbThreads: positiveInt('DUCKDB_THREADS', 1, env),
    maxRecordBytes: positiveInt('MAX_RECORD_BYTES', 2 * 1024 * 1024, env),
    duckdbMemoryMb: positiveInt('DUCKDB_MEMORY_LIMIT_MB', DEFAULT_DUCKDB_MEMORY_MB, env),
    workDir: optionalString('WORK_DIR', tmpdir(), env),
  };
  for (const dataset of config.datasets) {
    for (const own of [config.curatedPrefix, config.rejectedPrefix]) {
      if (dataset.prefix.startsWith(own) || own.startsWith(dataset.prefix)) {
        throw new ConfigError(
          'DATASETS',
          `prefix ${JSON.stringify(dataset.prefix)} overlaps the output prefix ${JSON.stringify(own)}`,
        );
      }
    }
  }
  return Object.freeze(config);
}
