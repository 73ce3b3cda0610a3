/**
 * The object catalog's item: one per source object and pipeline, in the stack's DynamoDB table
 * (`<prefix>-catalog`). The skeleton writes it from the outcome record (never an app); the local
 * cloud, `pnpm status` and downstream consumers (the table's stream) read it. This module is the
 * contract between them: names, keys and shape, no I/O.
 */
import type { OutcomeKind, WrittenObject } from './outcome.js';

/** The environment variable infra sets to the table's name. */
export const CATALOG_TABLE_VARIABLE = 'CATALOG_TABLE';
/** The item's schema tag, so a reader can tell a catalog item from anything else in the table. */
export const CATALOG_SCHEMA = 'pipeline.catalog/v1';
/** The table's partition key (`s3://bucket/key`) and sort key (the pipeline's name). */
export const CATALOG_KEY = { partition: 'sourceUri', sort: 'pipeline' } as const;
/** The TTL attribute (epoch seconds): set on tombstones (`removed` items) only. */
export const CATALOG_TTL_ATTRIBUTE = 'expiresAt';
/** Outputs listed in full up to this many; beyond it the list is cut (`outputCount` keeps the total). */
export const CATALOG_MAX_OUTPUTS = 100;

/** What an item can say happened: an outcome kind (`removed` once the source was deleted). */
export type CatalogKind = OutcomeKind;

/** `s3://bucket/key`: the partition key of a source object's items. */
export function catalogSourceUri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** One output of the source, as the item lists it: the written object as the outcome record has it. */
export type CatalogOutput = WrittenObject;

/** The source object the item describes: the version and event that wrote it. */
export interface CatalogSource {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly eTag?: string;
  readonly size?: number;
  /** The S3 event's sequencer: the write is conditional on it (equal length, then lexicographic). */
  readonly sequencer?: string;
}

/**
 * The item's order key, beside `source.sequencer` at the top level so a condition can compare it:
 * S3 sequencers are hex strings of varying length, ordered by length first, then lexicographically
 * (the same as left-padding the shorter with zeros). Absent on items written from records without a
 * sequencer (S3 Batch Operations, reprocess), which keep the stored one.
 */
export interface CatalogOrder {
  readonly sequencer: string;
  readonly sequencerLength: number;
}

export interface CatalogItem extends Partial<CatalogOrder> {
  readonly sourceUri: string;
  readonly pipeline: string;
  readonly schema: typeof CATALOG_SCHEMA;
  readonly source: CatalogSource;
  readonly kind: CatalogKind;
  /** The rejection's or failure's code. */
  readonly code?: string;
  /** The rejection's or failure's message (at most 1,000 characters). */
  readonly message?: string;
  /** The skip reason. */
  readonly reason?: string;
  /** At most CATALOG_MAX_OUTPUTS entries; `outputsTruncated` says when more were written. */
  readonly outputs: readonly CatalogOutput[];
  readonly outputCount: number;
  readonly outputsTruncated?: boolean;
  /** Where the full list is when it was cut (etl's manifest). */
  readonly manifest?: string;
  /** etl: rows read, written and rejected. */
  readonly rows?: { readonly read: number; readonly written: number; readonly rejected: number };
  /** ISO-8601 time of the write. */
  readonly at: string;
  readonly requestId: string;
  /** Epoch seconds after which DynamoDB may delete a tombstone (`removed`). */
  readonly expiresAt?: number;
  /** `removed`: how many output keys the removal deleted (listed in the outcome record). */
  readonly removedCount?: number;
}

/** How long a `removed` item stays before DynamoDB's TTL may delete it: 30 days. */
export const CATALOG_TOMBSTONE_SECONDS = 30 * 24 * 3600;
