/**
 * The good-row outputs: rows are buffered column-wise up to a row group, then written as one
 * Parquet row group and one NDJSON block, so memory is bounded by the row group size.
 */
import type { Value } from '../../src/convert.js';
import type { ColumnSpec } from '../../src/dataset-config.js';
import { ndjsonRowRenderer } from './ndjson.js';
import { ParquetStreamWriter } from './parquet.js';
import type { ByteSink } from '../../src/sink.js';

export interface OutputSinks {
  readonly parquet: ByteSink;
  readonly ndjson: ByteSink;
}

export class RowGroupOutputs {
  private readonly parquet: ParquetStreamWriter;
  private readonly renderJson: (row: readonly Value[]) => string;
  private columns: Value[][];
  private json: string[] = [];
  private buffered = 0;
  private total = 0;

  constructor(
    private readonly specs: readonly ColumnSpec[],
    private readonly sinks: OutputSinks,
    private readonly rowGroupRows: number,
  ) {
    this.parquet = new ParquetStreamWriter(specs, sinks.parquet);
    this.renderJson = ndjsonRowRenderer(specs);
    this.columns = specs.map(() => []);
  }

  /** Rows written (or buffered) so far. */
  get rows(): number {
    return this.total;
  }

  get full(): boolean {
    return this.buffered >= this.rowGroupRows;
  }

  add(values: readonly Value[]): void {
    for (let i = 0; i < values.length; i += 1) (this.columns[i] as Value[]).push(values[i] as Value);
    this.json.push(this.renderJson(values));
    this.buffered += 1;
    this.total += 1;
  }

  /** Writes the buffered rows as one row group and one NDJSON block. */
  async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const [columns, json, rows] = [this.columns, this.json, this.buffered];
    this.columns = this.specs.map(() => []);
    this.json = [];
    this.buffered = 0;
    await Promise.all([this.parquet.writeRowGroup(columns, rows), this.sinks.ndjson.write(json.join(''))]);
  }

  async finish(): Promise<void> {
    await this.flush();
    await Promise.all([this.parquet.finish(), this.sinks.ndjson.end()]);
  }
}
