/**
 * The shape of a pipeline's infra module (`src/pipelines/<name>.ts`): everything infra knows about
 * one pipeline, declared once. Validation, the location checks, the stack and the tests loop over
 * the registry of these modules (`../registry.ts`) instead of naming pipelines. Modules are plain
 * data and functions (no cdktf), so tools outside the stack can read them too.
 */
import { InfraConfigError } from '../../errors.js';
import type { EnvironmentName } from '../../config/environment-names.js';
import type { FunctionSettings, LogLevel } from '../../config/function-settings.js';
import type { BucketRole, S3Location } from '../../config/s3-location.js';

/** What every pipeline's configuration holds; a module's own config type extends it. */
export interface PipelineModuleConfig {
  /** Its function's runtime settings (checked for every pipeline). */
  readonly function: FunctionSettings;
  /** Where its inputs land: its S3 trigger's bucket and prefix (`pipelines.<name>.source`). */
  readonly source: S3Location;
  /** Overrides the module's `onSourceRemoved` in this environment (e.g. copies that must not outlive their source). */
  readonly onSourceRemoved?: OnSourceRemoved;
}

/** The fields of `Config` that hold an S3 location. */
type LocationField<Config> = {
  [K in keyof Config]-?: Config[K] extends S3Location ? K : never;
}[keyof Config] &
  string;

/** Object-level S3 actions a module may grant on a `<prefix>/*` resource. */
export type S3ObjectAction =
  | 's3:GetObject'
  | 's3:GetObjectVersion'
  | 's3:GetObjectTagging'
  | 's3:GetObjectVersionTagging'
  | 's3:PutObject'
  | 's3:PutObjectTagging'
  | 's3:AbortMultipartUpload'
  | 's3:DeleteObject';

/**
 * One S3 grant of a pipeline's role, by config field: `objects` grants `actions` on each field's
 * `<prefix>/*`; `list` grants `s3:ListBucket` on each field's bucket, limited by an `s3:prefix`
 * condition to those fields' prefixes.
 */
export type S3Grant<Field extends string = string> =
  | { readonly sid: string; readonly objects: readonly Field[]; readonly actions: readonly S3ObjectAction[] }
  | { readonly sid: string; readonly list: readonly Field[] };

/** The S3 notification filter on the source prefix. */
interface TriggerFilter {
  /** @default ['s3:ObjectCreated:*'] */
  readonly events?: readonly string[];
  /** @default no suffix filter */
  readonly suffix?: string;
}

/**
 * The local files a pipeline takes when `pnpm start --input DIR` uploads a folder (and in its demo
 * set), and the key each gets under its source prefix (tools/local-cloud routes by these alone).
 */
export interface LocalInputs<Config> {
  /**
   * Files it takes, matched against their path relative to the folder (`/`-separated).
   * @default the files its trigger's suffix filter accepts (without one: every file)
   */
  readonly accepts?: RegExp;
  /** The key `file` gets under the source prefix (no leading slash). @default `file` itself */
  keyOf?(file: string, config: Config): string;
}

/** A curated dataset as a Glue table: the folder it lives in under the `glue.output` folder, its columns with their Glue types. */
export interface GlueTable {
  readonly name: string;
  /** Its Parquet files are under `<output prefix>/<folder>/ingest_date=YYYY-MM-DD/`. */
  readonly folder: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/**
 * A pipeline that writes curated datasets as partitioned Parquet: each one is a table of the
 * environment's Glue database. Tables with declared columns are created at synth; the function
 * keeps the others itself, so its role gets `glue:GetTable`, `CreateTable` and `UpdateTable` on
 * that database's tables.
 */
interface GlueTables<Config> {
  /** The output whose `<prefix>/<folder>/` holds each table's files. */
  readonly output: Exclude<LocationField<Config>, 'source'>;
  /** The tables declared at synth. */
  tables(config: Config): readonly GlueTable[];
}

/** What a module's environment contract may read about the deployment it is wired into. */
export interface PipelineModuleContext {
  /** `<namePrefix>-<name>`: the function's name (and its POWERTOOLS_SERVICE_NAME). */
  readonly functionName: string;
  /** The environment's name (`local`, `dev`, `prod`): the metrics' `environment` dimension. */
  readonly environmentName: string;
  readonly logLevel: LogLevel;
  /** The name of an environment bucket (a terraform reference at synth time). */
  bucketName(bucket: BucketRole): string;
  /** The bucket's KMS key ARN, when it is encrypted with one. */
  kmsKeyArn(bucket: BucketRole): string | undefined;
  /** The Glue database of the curated datasets and the first day its tables' partition projection offers (see GlueTables). */
  readonly glue: { readonly database: string; readonly partitionsFrom: string };
  /** The object catalog table's name (a terraform reference at synth time): CATALOG_TABLE. */
  readonly catalogTableName: string;
}

/**
 * What a removed source (`s3:ObjectRemoved:*`) means for its outputs: `remove-outputs` deletes them
 * (the function is subscribed to removals and may delete on its output folders), `keep` leaves them
 * (copies kept as backups; the function is not told of removals).
 */
export type OnSourceRemoved = 'remove-outputs' | 'keep';

/** A pipeline's infra module, typed by its name and its configuration. */
export interface PipelineModule<Name extends string, Config extends PipelineModuleConfig> {
  /** Names its config entry, function (`<prefix>-<name>`), app folder (`apps/<name>`) and zip (`<name>-<arch>.zip`). */
  readonly name: Name;
  /** The configuration an environment starts from (overrides and validation follow). */
  defaults(environment: EnvironmentName): Config;
  /** Its output folders; the first one's bucket is DESTINATION_BUCKET, and all must share it. */
  readonly outputs: readonly Exclude<LocationField<Config>, 'source'>[];
  /** The output holding rejection records: it expires after `lifecycle.rejectedExpireDays`. */
  readonly rejected: Exclude<LocationField<Config>, 'source'>;
  /**
   * Checks its own settings, throwing a InfraConfigError naming the field; `at` is
   * `environments.<env>.pipelines.<name>.`. Function settings and locations are checked for every pipeline.
   */
  validate(at: string, config: Config): void;
  /** Its role's S3 grants (logs, traces and its failure queue are added for every pipeline). */
  readonly grants: readonly S3Grant<LocationField<Config>>[];
  /** The variables its app reads beyond COMMON_VARIABLES, with their values: its environment contract. */
  environment(config: Config, context: PipelineModuleContext): Readonly<Record<string, string>>;
  /** @default every ObjectCreated event under `source` (and ObjectRemoved with `remove-outputs`), no suffix filter */
  readonly trigger?: TriggerFilter;
  /** @default the files its trigger accepts, each at its relative path under `source` */
  readonly localInputs?: LocalInputs<Config>;
  /** @default no table: it writes no curated dataset */
  readonly glue?: GlueTables<Config>;
  /** @default 'keep' */
  readonly onSourceRemoved?: OnSourceRemoved;
}

/** Any registered module, as the validation and the stack loop over them. */
export interface Pipeline {
  readonly name: string;
  defaults(environment: EnvironmentName): PipelineModuleConfig;
  readonly outputs: readonly string[];
  readonly rejected: string;
  validate(at: string, config: PipelineModuleConfig): void;
  readonly grants: readonly S3Grant[];
  environment(config: PipelineModuleConfig, context: PipelineModuleContext): Readonly<Record<string, string>>;
  readonly trigger?: TriggerFilter;
  readonly localInputs?: LocalInputs<PipelineModuleConfig>;
  readonly glue?: {
    readonly output: string;
    tables(config: PipelineModuleConfig): readonly GlueTable[];
  };
  readonly onSourceRemoved?: OnSourceRemoved;
}

/** A pipeline name: it becomes part of resource names and logical ids. */
const PIPELINE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

/**
 * Declares a pipeline module, checking what the types cannot: a usable name and a rejected
 * folder that is one of its outputs.
 *
 * @example
 * export const pdfModule = definePipelineModule<'pdf', PdfPipelineConfig>({ name: 'pdf', ... });
 */
export function definePipelineModule<Name extends string, Config extends PipelineModuleConfig>(
  module: PipelineModule<Name, Config>,
): PipelineModule<Name, Config> {
  if (!PIPELINE_NAME_PATTERN.test(module.name))
    throw new InfraConfigError(
      'pipelines',
      'a pipeline name of lowercase letters, digits and dashes (at most 20)',
      module.name,
    );
  if (module.outputs.length === 0 || !module.outputs.includes(module.rejected))
    throw new InfraConfigError(
      `pipelines.${module.name}.rejected`,
      `one of the outputs (${module.outputs.join(', ')})`,
      module.rejected,
    );
  return Object.freeze(module);
}
