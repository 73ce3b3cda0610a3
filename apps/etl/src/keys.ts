/**
 * Output keys. They derive from the source object's identity only (dataset, file name, a tag of
 * the whole source key, ETag, and the object's own Last-Modified date), so a repeated event rewrites
 * the same keys and no two source keys share an output. The manifest and the whole-file rejection
 * record have one key per source key (no ETag): the manifest says which outputs the key's current
 * version has, so a re-upload can remove the earlier version's. The Parquet files are the dataset's
 * Glue table (Athena reads every file under `<curated>/<dataset>/` as Parquet), so the NDJSON copies
 * live beside it under `<curated>/_ndjson/<dataset>/` (no dataset name starts with `_`).
 */
import { createHash } from 'node:crypto';
import { unquotedETag } from '@pipeline/lambda-kit';
import type { DatasetSpec } from './dataset-config.js';

export interface SourceIdentity {
  readonly key: string;
  readonly eTag: string;
  readonly lastModified: Date;
}

export interface OutputKeys {
  readonly parquet: string;
  readonly ndjson: string;
  readonly rejectedRows: string;
  readonly manifest: string;
}

/** The file name without folders and without `.csv`, `.tsv` (and `.gz`). */
export function sourceName(key: string): string {
  const base = key.slice(key.lastIndexOf('/') + 1);
  return base.replace(/\.[ct]sv(\.gz)?$/i, '').replace(/\.gz$/i, '') || 'unnamed';
}

/** 8 hex digits of the SHA-256 of the whole source key: same-named files in other folders stay apart. */
function sourceTag(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** `<name>-<source tag>`: what names every output of one source key. */
export function sourceStem(key: string): string {
  return `${sourceName(key)}-${sourceTag(key)}`;
}

/** The first 12 hex digits of the ETag (quotes and a multipart `-N` suffix dropped). */
export function shortEtag(eTag: string): string {
  return unquotedETag(eTag).replace(/-\d+$/, '').slice(0, 12).toLowerCase();
}

export function outputKeys(
  source: SourceIdentity,
  dataset: Pick<DatasetSpec, 'name'>,
  prefixes: { curated: string; rejected: string },
): OutputKeys {
  const stem = `${sourceStem(source.key)}-${shortEtag(source.eTag)}`;
  const day = source.lastModified.toISOString().slice(0, 10);
  const partition = `${dataset.name}/ingest_date=${day}/${stem}`;
  return {
    parquet: `${prefixes.curated}${partition}.parquet`,
    ndjson: `${prefixes.curated}_ndjson/${partition}.ndjson`,
    rejectedRows: `${prefixes.rejected}${dataset.name}/${stem}.csv`,
    manifest: manifestKey(source.key, dataset, prefixes),
  };
}

/** The source key's manifest: one per source key, describing its current version's outputs. */
export function manifestKey(
  sourceKey: string,
  dataset: Pick<DatasetSpec, 'name'>,
  prefixes: { curated: string },
): string {
  return `${prefixes.curated}_manifests/${dataset.name}/${sourceStem(sourceKey)}.json`;
}
