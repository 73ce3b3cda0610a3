/**
 * Output keys. They derive from the source object's identity only (dataset, file name, ETag,
 * and the object's own Last-Modified date), so a repeated event rewrites the same keys.
 */
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

/** The first 12 hex digits of the ETag (quotes and a multipart `-N` suffix dropped). */
export function shortEtag(eTag: string): string {
  return eTag.replace(/"/g, '').replace(/-\d+$/, '').slice(0, 12).toLowerCase();
}

export function outputKeys(
  source: SourceIdentity,
  dataset: Pick<DatasetSpec, 'name'>,
  prefixes: { curated: string; rejected: string },
): OutputKeys {
  const stem = `${sourceName(source.key)}-${shortEtag(source.eTag)}`;
  const day = source.lastModified.toISOString().slice(0, 10);
  const curated = `${prefixes.curated}${dataset.name}/ingest_date=${day}/${stem}`;
  return {
    parquet: `${curated}.parquet`,
    ndjson: `${curated}.ndjson`,
    rejectedRows: `${prefixes.rejected}${dataset.name}/${stem}.csv`,
    manifest: `${prefixes.curated}_manifests/${dataset.name}/${stem}.json`,
  };
}
