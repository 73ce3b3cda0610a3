/**
 * Parquet output through hyparquet-writer (chosen by measurement: see README): one row group per
 * buffered batch, SNAPPY pages, logical types for dates (DATE), timestamps (TIMESTAMP micros,
 * UTC) and decimals (DECIMAL on INT64). Bytes stream to the sink after every row group.
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ColumnSpec } from '../../src/dataset-config.js';
import type { Value } from '../../src/convert.js';
import type { ByteSink } from '../../src/sink.js';

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

function schemaElement(column: ColumnSpec): SchemaElement {
  const base = { name: column.name, repetition_type: column.required ? 'REQUIRED' : 'OPTIONAL' } as const;
  switch (column.type) {
    case 'string':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'int':
      return { ...base, type: 'INT64' };
    case 'float':
      return { ...base, type: 'DOUBLE' };
    case 'bool':
      return { ...base, type: 'BOOLEAN' };
    case 'date':
      return { ...base, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } };
    case 'timestamp':
      return {
        ...base,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MICROS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
      };
    case 'decimal': {
      const { precision = 18, scale = 0 } = column;
      return {
        ...base,
        type: 'INT64',
        converted_type: 'DECIMAL',
        precision,
        scale,
        logical_type: { type: 'DECIMAL', precision, scale },
      };
    }
  }
}

/** The Parquet schema (root first) of a dataset's columns. */
function parquetSchema(columns: readonly ColumnSpec[]): SchemaElement[] {
  return [{ name: 'root', num_children: columns.length }, ...columns.map(schemaElement)];
}

/** A hyparquet Writer that hands its bytes to a sink after each row group instead of growing. */
class SinkWriter extends ByteWriter {
  constructor(private readonly sink: ByteSink) {
    super(1 << 20);
  }

  flush(): Promise<void> {
    const chunk = Buffer.from(new Uint8Array(this.buffer, 0, this.index));
    this.index = 0;
    return this.sink.write(chunk);
  }

  // hyparquet's Writer contract allows `finish(): void | Promise<void>` and ParquetWriter returns ours;
  // only ByteWriter's declaration says void.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- see above
  override finish(): Promise<void> {
    return this.flush().then(() => this.sink.end());
  }
}

/** Streams row groups of converted columns to a Parquet file in `sink`. */
export class ParquetStreamWriter {
  private readonly writer: ParquetWriter;
  private readonly names: string[];

  constructor(columns: readonly ColumnSpec[], sink: ByteSink) {
    this.names = columns.map((column) => column.name);
    this.writer = new ParquetWriter({
      writer: new SinkWriter(sink),
      schema: parquetSchema(columns),
      codec: 'SNAPPY',
      createdBy: '@pipeline/etl',
    });
  }

  /** Writes one row group; `columns[i]` holds column i's values for `rows` rows. */
  async writeRowGroup(columns: readonly Value[][], rows: number): Promise<void> {
    if (rows === 0) return;
    const columnData = this.names.map((name, i) => ({ name, data: columns[i] as Value[] }));
    await this.writer.write({ columnData, rowGroupSize: rows });
  }

  /** Writes the footer and ends the sink. */
  async finish(): Promise<void> {
    await this.writer.finish();
  }
}
