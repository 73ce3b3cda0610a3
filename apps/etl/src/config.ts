/**
 * Everything the etl function reads from its environment, validated once at cold start.
 */
import { availableParallelism, tmpdir } from 'node:os';
import {
  bucketName,
  ConfigError,
  keyPrefix,
  maybeString,
  optionalString,
  positiveInt,
  requiredString,
  type Env,
  type PipelineConfigBase,
} from '@pipeline/lambda-kit';
import type { CatalogConfig } from './catalog.js';
import { parseDatasets, type DatasetSpec } from './dataset-config.js';
import { DatasetConfigError } from './errors.js';
import type { ConfiguredLimits } from './limits.js';

export const DEFAULT_ROW_GROUP_ROWS = 50_000;
export const DEFAULT_MAX_RECORD_BYTES = 2 * 1024 * 1024;
/**
 * Deflate cannot exceed about 1,032:1; real CSV exports measured 3-12:1 (bench file 4.6:1), and a
 * file of one row repeated reached about 200:1. Past 64 MiB inflated, a higher ratio is refused.
 */
const DEFAULT_MAX_GZIP_RATIO = 400;

/** Lambda gives a function one vCPU per 1,769 MB of memory. */
const LAMBDA_MB_PER_VCPU = 1769;

/**
 * DuckDB threads: the vCPUs Lambda gives the function's memory size, or up to two of this
 * machine's cores elsewhere (the 512 MB RSS budget was measured with two; set DUCKDB_THREADS for more).
 */
export function defaultDuckDbThreads(env: Env, cores = availableParallelism()): number {
  const lambdaMb = Number(env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE']);
  const vcpus = lambdaMb > 0 ? Math.round(lambdaMb / LAMBDA_MB_PER_VCPU) : 2;
  return Math.max(1, Math.min(cores, vcpus));
}

/**
 * DuckDB's own cap (its buffers outside the cap, Node and the stream buffers come on top): 96 MB a
 * thread, at least 128. Below about 96 MB a thread, the ordered parallel write of the CSV pass
 * slowed to half speed (200 MB bench, two threads: 1.9 s at 128 and 160 MB, 1.0 s at 192 MB); with
 * 192 the 1 GB bench peaks at 413-447 MB RSS.
 */
export function defaultDuckDbMemoryMb(threads: number): number {
  return Math.max(128, 96 * threads);
}

export interface EtlConfig extends PipelineConfigBase {
  readonly destinationBucket: string;
  /** Folder-normalized (`''` or ending in `/`): only keys under it are processed. */
  readonly sourcePrefix: string;
  readonly curatedPrefix: string;
  readonly rejectedPrefix: string;
  readonly datasets: readonly DatasetSpec[];
  /** Rows per Parquet row group (and per NDJSON write): bounds memory. */
  readonly rowGroupRows: number;
  /** DuckDB threads for the CSV pass, and NDJSON parts written side by side. */
  readonly duckdbThreads: number;
  /** Longest record accepted (longer ones are quarantined); DuckDB reads in buffers of 4 times this. */
  readonly maxRecordBytes: number;
  readonly duckdbMemoryMb: number;
  /** Local scratch space for the staged CSV and the staging Parquet (Lambda: /tmp, sized by ephemeral storage). */
  readonly workDir: string;
  /** MAX_INPUT_BYTES, MAX_EXPANDED_BYTES (unset: derived per object, see limits.ts) and MAX_GZIP_RATIO. */
  readonly limits: ConfiguredLimits;
  /** GLUE_DATABASE and GLUE_PARTITIONS_FROM: where each dataset's table is kept. Unset: no table is kept. */
  readonly catalog?: CatalogConfig;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The Glue database the datasets' tables are kept in, when GLUE_DATABASE is set (infra always sets it). */
function catalogConfig(env: Env): CatalogConfig | undefined {
  const database = maybeString('GLUE_DATABASE', env);
  if (database === undefined) return undefined;
  if (!/^[a-z0-9_]{1,255}$/.test(database))
    throw new ConfigError(
      'GLUE_DATABASE',
      'a Glue database name of lowercase letters, digits and _',
      database,
    );
  const partitionsFrom = requiredString('GLUE_PARTITIONS_FROM', env);
  if (!DAY.test(partitionsFrom))
    throw new ConfigError('GLUE_PARTITIONS_FROM', 'a day as yyyy-MM-dd', partitionsFrom);
  return { database, partitionsFrom };
}

/** A positive integer variable that may be unset (its default is derived at run time). */
function optionalPositiveInt(name: string, env: Env): number | undefined {
  return maybeString(name, env) === undefined ? undefined : positiveInt(name, undefined, env);
}

function nonEmptyPrefix(name: string, defaultValue: string, env: Env): string {
  const prefix = keyPrefix(name, defaultValue, env);
  if (prefix === '')
    throw new ConfigError(name, 'a non-empty prefix (outputs need their own folder)', env[name]);
  return prefix;
}

function datasets(env: Env): readonly DatasetSpec[] {
  try {
    return parseDatasets(requiredString('DATASETS', env));
  } catch (error) {
    if (error instanceof DatasetConfigError) throw ConfigError.refused('DATASETS', error);
    throw error;
  }
}

/**
 * Reads and validates every variable (see README); the result is frozen.
 *
 * @throws {ConfigError} naming the first missing or malformed variable.
 */
export function loadConfig(env: Env = process.env): EtlConfig {
  const duckdbThreads = positiveInt('DUCKDB_THREADS', defaultDuckDbThreads(env), env);
  const curatedPrefix = nonEmptyPrefix('CURATED_PREFIX', 'curated', env);
  const rejectedPrefix = nonEmptyPrefix('REJECTED_PREFIX', 'rejected', env);
  const catalog = catalogConfig(env);
  const config: EtlConfig = {
    destinationBucket: bucketName('DESTINATION_BUCKET', env),
    sourcePrefix: keyPrefix('SOURCE_PREFIX', '', env),
    curatedPrefix,
    rejectedPrefix,
    ownPrefixes: [curatedPrefix, rejectedPrefix],
    datasets: datasets(env),
    rowGroupRows: positiveInt('ROW_GROUP_ROWS', DEFAULT_ROW_GROUP_ROWS, env),
    duckdbThreads,
    maxRecordBytes: positiveInt('MAX_RECORD_BYTES', DEFAULT_MAX_RECORD_BYTES, env),
    duckdbMemoryMb: positiveInt('DUCKDB_MEMORY_LIMIT_MB', defaultDuckDbMemoryMb(duckdbThreads), env),
    workDir: optionalString('WORK_DIR', tmpdir(), env),
    limits: Object.freeze({
      maxInputBytes: optionalPositiveInt('MAX_INPUT_BYTES', env),
      maxExpandedBytes: optionalPositiveInt('MAX_EXPANDED_BYTES', env),
      maxGzipRatio: positiveInt('MAX_GZIP_RATIO', DEFAULT_MAX_GZIP_RATIO, env),
    }),
    ...(catalog === undefined ? {} : { catalog }),
  };
  for (const dataset of config.datasets) {
    for (const own of [config.curatedPrefix, config.rejectedPrefix]) {
      if (dataset.prefix.startsWith(own) || own.startsWith(dataset.prefix)) {
        throw new ConfigError(
          'DATASETS',
          `dataset prefixes that do not overlap the output prefix ${JSON.stringify(own)}`,
          dataset.prefix,
        );
      }
    }
  }
  return Object.freeze(config);
}
