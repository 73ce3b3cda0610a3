/** The manifest written next to the curated outputs of one source file. */
import type { ColumnSpec } from './dataset-config.js';

/** What converting one file produced. */
export interface ConversionResult {
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly rowsRejected: number;
  readonly columns: readonly ColumnSpec[];
  readonly schemaSource: 'configured' | 'inferred';
  readonly bytes: { readonly parquet: number; readonly ndjson: number; readonly rejected: number };
  /** Quarantined rows whose line could not be found (0 unless DuckDB and the locator disagree). */
  readonly unplacedRejects?: number;
}

export interface ManifestOutput {
  readonly kind: 'parquet' | 'ndjson' | 'rejected_rows';
  readonly bucket: string;
  readonly key: string;
  readonly bytes: number;
}

export interface Manifest {
  readonly schema: 'pipeline.etl.manifest/v1';
  readonly dataset: string;
  readonly source: {
    readonly bucket: string;
    readonly key: string;
    readonly eTag: string;
    readonly versionId?: string;
    readonly size?: number;
  };
  readonly rows: { readonly read: number; readonly written: number; readonly rejected: number };
  readonly schemaUsed: {
    readonly source: 'configured' | 'inferred';
    readonly columns: readonly ColumnSpec[];
  };
  readonly outputs: readonly ManifestOutput[];
  readonly durationMs: number;
  readonly requestId?: string;
}

export interface ManifestInput {
  readonly dataset: string;
  readonly source: Manifest['source'];
  readonly result: ConversionResult;
  readonly outputs: {
    readonly bucket: string;
    readonly parquet: string;
    readonly ndjson: string;
    readonly rejectedRows: string;
  };
  readonly durationMs: number;
  readonly requestId?: string;
}

export function buildManifest(input: ManifestInput): Manifest {
  const { result, outputs } = input;
  const files: ManifestOutput[] = [
    { kind: 'parquet', bucket: outputs.bucket, key: outputs.parquet, bytes: result.bytes.parquet },
    { kind: 'ndjson', bucket: outputs.bucket, key: outputs.ndjson, bytes: result.bytes.ndjson },
  ];
  if (result.rowsRejected > 0)
    files.push({
      kind: 'rejected_rows',
      bucket: outputs.bucket,
      key: outputs.rejectedRows,
      bytes: result.bytes.rejected,
    });
  return {
    schema: 'pipeline.etl.manifest/v1',
    dataset: input.dataset,
    source: input.source,
    rows: { read: result.rowsRead, written: result.rowsWritten, rejected: result.rowsRejected },
    schemaUsed: { source: result.schemaSource, columns: result.columns },
    outputs: files,
    durationMs: Math.round(input.durationMs),
    requestId: input.requestId,
  };
}
