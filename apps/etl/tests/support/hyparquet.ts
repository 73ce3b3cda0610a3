/**
 * A second, independent Parquet reader (pure JavaScript, shares no code with DuckDB, which writes
 * the files): the footer's schema, codecs and row groups, and the first rows.
 */
import { parquetMetadata, parquetReadObjects } from 'hyparquet';

export interface ParquetFooter {
  readonly rows: number;
  readonly rowGroups: number;
  readonly codecs: string[];
  /** Column name -> its logical type, else its (legacy) converted type, else its physical type. */
  readonly types: Record<string, string>;
  readonly firstRows: Record<string, unknown>[];
}

export async function readFooter(bytes: Buffer): Promise<ParquetFooter> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  const types: Record<string, string> = {};
  for (const element of metadata.schema.slice(1)) {
    const logical = element.logical_type as
      | { type: string; unit?: string; isAdjustedToUTC?: boolean; precision?: number; scale?: number }
      | undefined;
    types[element.name] = !logical
      ? String(element.converted_type ?? element.type)
      : logical.type === 'TIMESTAMP'
        ? `TIMESTAMP(${logical.unit},${logical.isAdjustedToUTC ? 'UTC' : 'local'})`
        : logical.type === 'DECIMAL'
          ? `DECIMAL(${logical.precision},${logical.scale})`
          : logical.type;
  }
  const codecs = [
    ...new Set(
      metadata.row_groups.flatMap((group) => group.columns.map((column) => String(column.meta_data?.codec))),
    ),
  ];
  const firstRows = (await parquetReadObjects({ file, rowEnd: 2 })) as Record<string, unknown>[];
  return { rows: Number(metadata.num_rows), rowGroups: metadata.row_groups.length, codecs, types, firstRows };
}
