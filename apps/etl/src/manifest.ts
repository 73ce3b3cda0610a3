/** The manifest written next to the curated outputs of one source file. */
import type { ColumnSpec } from './dataset-config.js';
import type { EngineResult } from './engine/engine.js';

interface ManifestOutput {
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
  readonly result: EngineResult;
  readonly durationMs: number;
  readonly requestId?: string;
}

export function buildManifest(input: ManifestInput): Manifest {
  const { result } = input;
  const { parquet, ndjson, rejectedRows } = result.written;
  const output = (kind: ManifestOutput['kind'], o: typeof parquet): ManifestOutput => ({
    kind,
    bucket: o.bucket,
    key: o.key,
    bytes: o.bytes,
  });
  return {
    schema: 'pipeline.etl.manifest/v1',
    dataset: input.dataset,
    source: input.source,
    rows: { read: result.rowsRead, written: result.rowsWritten, rejected: result.rowsRejected },
    schemaUsed: { source: result.schemaSource, columns: result.columns },
    outputs: [
      output('parquet', parquet),
      output('ndjson', ndjson),
      ...(rejectedRows ? [output('rejected_rows', rejectedRows)] : []),
    ],
    durationMs: Math.round(input.durationMs),
    requestId: input.requestId,
  };
}
