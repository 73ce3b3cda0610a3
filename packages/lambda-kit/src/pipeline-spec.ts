/**
 * What a pipeline declares to `definePipeline` (pipeline.ts): its configuration's common part, its
 * spec and what its `process` gets. Types only, imported by the skeleton and the modules it runs
 * (settle.ts, scope.ts), so none of those import pipeline.ts back.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Env } from './env.js';
import type { S3ObjectRef } from './event.js';
import type { Log } from './logger.js';
import type { ObjectOutcome, ProcessResult } from './outcome.js';

/** What every pipeline's configuration holds, whatever else it reads. */
export interface PipelineConfigBase {
  /** Where outputs and rejection records go. */
  readonly destinationBucket: string;
  /** Only keys under it are processed (folder form, `''` = the whole bucket). */
  readonly sourcePrefix: string;
  /**
   * The function's own folders in the destination bucket (outputs and rejections). An object
   * there is never processed, whatever the notification filter says: the recursion guard.
   */
  readonly ownPrefixes: readonly string[];
  /** Where rejection records go in the destination bucket (folder form); keys too long for S3 fall back under it. */
  readonly rejectedPrefix: string;
}

/**
 * What a removed source (`s3:ObjectRemoved:*`) means for its outputs: `remove-outputs` deletes them
 * (the key's `outputsOf`, and its rejection record) and the object ends `removed`; `keep` leaves them
 * (the record is skipped as `not-object-created`). `ON_SOURCE_REMOVED` (set by infra) overrides the spec.
 */
export type OnSourceRemoved = 'remove-outputs' | 'keep';

/** What `process` gets besides the object: the validated config, the clients, the logger. */
export interface PipelineContext<Config, Clients> {
  readonly config: Config;
  readonly clients: Clients;
  readonly log: Log;
  readonly requestId: string;
  /** Milliseconds left in the invocation (Lambda's `getRemainingTimeInMillis`), where the context has it. */
  readonly remainingMs?: () => number;
  /**
   * What a removed source means here: with `remove-outputs`, a key without a current version has no
   * outputs (pass it to keepOutputsCurrent, so a late event after a delete writes nothing).
   */
  readonly onSourceRemoved: OnSourceRemoved;
}

/** Records handled at once: `RECORD_CONCURRENCY` (1..max), else `default`. */
export interface RecordConcurrency {
  readonly default: number;
  readonly max: number;
}

export interface PipelineSpec<Config extends PipelineConfigBase, Clients extends { readonly s3: S3Client }> {
  /** The pipeline's name: the logger's default service name and the outcome records' `pipeline`. */
  readonly name: string;
  /** Reads and validates every variable; throws ConfigError naming the first bad one. */
  readonly loadConfig: (env: Env) => Config;
  /** SDK clients, built once per container. */
  readonly clients: (config: Config, env: Env) => Clients;
  readonly concurrency: RecordConcurrency;
  /**
   * Handles one object under the source prefix: returns what happened, throws a PermanentError
   * for a bad input (recorded, never retried), anything else to have the event retried.
   */
  readonly process: (
    object: S3ObjectRef,
    context: PipelineContext<Config, Clients>,
  ) => Promise<ProcessResult>;
  /** Where the rejection record of `object` goes in the destination bucket (one per source key). */
  readonly rejectionKey: (object: S3ObjectRef, config: Config) => string;
  /**
   * Keys in the destination bucket that may hold outputs of this source key which the outcome did
   * not (re)write: they describe another version, so the kit deletes them (`s3:DeleteObject`). Called
   * after a write (also a repair) and after a rejection. Keys it lists that were written are kept.
   * The key's rejection record is always cleared after a successful write: list only outputs.
   */
  readonly staleOutputs?: (
    object: S3ObjectRef,
    config: Config,
    outcome: ObjectOutcome,
    clients: Clients,
  ) => readonly string[] | Promise<readonly string[]>;
  /** @default 'keep' */
  readonly onSourceRemoved?: OnSourceRemoved;
  /**
   * Keys in the destination bucket that may hold outputs of the source key (whichever version made
   * them): deleted when the source is removed, with the key's rejection record. Required with
   * `remove-outputs`. Keys that do not exist cost nothing.
   */
  readonly outputsOf?: (
    object: S3ObjectRef,
    config: Config,
    clients: Clients,
  ) => readonly string[] | Promise<readonly string[]>;
}
