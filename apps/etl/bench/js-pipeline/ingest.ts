/**
 * One CSV file through the pipeline: records from the text stream, the header checked against
 * the schema (or the types inferred from a sample), every row converted or quarantined with its
 * line number, good rows written to Parquet and NDJSON row group by row group.
 */
import { csvRecords, type RecordIssue } from './csv-records.js';
import type { ColumnSpec, DatasetSpec } from '../../src/dataset-config.js';
import { UnreadableCsvError } from '../../src/errors.js';
import { headerNames, inferColumns } from '../../src/infer.js';
import { RowGroupOutputs, type OutputSinks } from './outputs.js';
import { csvField, Quarantine, type RejectReason } from '../../src/quarantine.js';
import { isRejection, rowConverter, type ConvertRow } from './row-converter.js';
import type { OutputSink } from '../../src/sink.js';

export interface IngestSinks extends OutputSinks {
  /** Opened on the first bad row only. */
  readonly rejected: OutputSink;
}

export interface IngestOptions {
  readonly rowGroupRows: number;
  /** Rows sampled to infer types when the dataset has no schema. */
  readonly sampleRows: number;
  readonly maxRecordChars: number;
}

const DEFAULT_INGEST_OPTIONS: IngestOptions = Object.freeze({
  rowGroupRows: 50_000,
  sampleRows: 1_000,
  maxRecordChars: 8 << 20,
});

export interface IngestResult {
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly rowsRejected: number;
  readonly columns: readonly ColumnSpec[];
  readonly schemaSource: 'configured' | 'inferred';
  readonly bytes: { readonly parquet: number; readonly ndjson: number; readonly rejected: number };
}

/** The record re-joined as CSV text in the dataset's dialect. */
function recordText(fields: readonly string[], delimiter: string): string {
  return fields
    .map((field) => (field.includes(delimiter) && !field.includes('"') ? `"${field}"` : csvField(field)))
    .join(delimiter);
}

interface Pending {
  readonly fields: string[];
  readonly line: number;
  readonly issue?: RecordIssue;
}

const QUOTE_REASONS: Readonly<Record<string, RejectReason>> = {
  MissingQuotes: 'unterminated_quote',
  InvalidQuotes: 'malformed_quote',
};

function newlines(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) {
    if (field.length === 0 || field.indexOf('\n') === -1) continue;
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) count += 1;
  }
  return count;
}

function checkHeader(dataset: DatasetSpec, header: readonly string[]): void {
  const expected = (dataset.schema ?? []).map((column) => column.name);
  const names = header.map((name) => name.trim());
  if (names.length !== expected.length || names.some((name, i) => name !== expected[i])) {
    throw new UnreadableCsvError(
      'HEADER_MISMATCH',
      `Header ${JSON.stringify(names)} does not match the schema columns ${JSON.stringify(expected)}`,
    );
  }
}

/** Runs one file; the state lives here so each step stays small. */
class IngestRun {
  private line = 1;
  private header: string[] | undefined;
  private columns: readonly ColumnSpec[] | undefined;
  private convert: ConvertRow | undefined;
  private outputs: RowGroupOutputs | undefined;
  private sample: Pending[] = [];
  private read = 0;
  private rejectedBytes = 0;
  private readonly nullMarkers: ReadonlySet<string>;
  private readonly quarantine: Quarantine;

  constructor(
    private readonly dataset: DatasetSpec,
    private readonly sinks: IngestSinks,
    private readonly options: IngestOptions,
  ) {
    this.nullMarkers = new Set(dataset.parse.nullMarkers);
    this.quarantine = new Quarantine(sinks.rejected);
  }

  async run(text: AsyncIterable<string>): Promise<IngestResult> {
    const records = csvRecords(text, {
      delimiter: this.dataset.parse.delimiter ?? ',',
      maxRecordChars: this.options.maxRecordChars,
    });
    for await (const batch of records) {
      const issues = new Map(batch.issues.map((issue) => [issue.row, issue]));
      for (const [i, fields] of batch.rows.entries())
        this.accept({ fields, line: this.advance(fields), issue: issues.get(i) });
      if (this.outputs?.full) await this.outputs.flush();
      await this.quarantine.flush();
    }
    if (!this.header && (this.dataset.parse.header || (!this.dataset.schema && this.sample.length === 0))) {
      throw new UnreadableCsvError('NO_HEADER', 'The file holds no header row');
    }
    this.start();
    await (this.outputs as RowGroupOutputs).finish();
    this.rejectedBytes = (await this.quarantine.finish())?.bytes ?? 0;
    return this.result();
  }

  /** The record's first line, and moves past it (and the newlines quoted inside it). */
  private advance(fields: readonly string[]): number {
    const line = this.line;
    this.line += 1 + newlines(fields);
    return line;
  }

  private accept(record: Pending): void {
    if (record.fields.length === 1 && record.fields[0] === '' && !record.issue) return;
    if (this.dataset.parse.header && !this.header) {
      this.header = record.fields;
      if (this.dataset.schema) checkHeader(this.dataset, record.fields);
      return;
    }
    this.read += 1;
    if (this.convert) return this.convertRow(record);
    this.sample.push(record);
    if (this.sample.length >= this.options.sampleRows) this.start();
  }

  /** Fixes the columns (configured or inferred), opens the outputs, and replays the sample. */
  private start(): void {
    if (this.outputs) return;
    this.columns = this.dataset.schema ?? this.inferred();
    this.convert = rowConverter(this.columns, this.nullMarkers);
    this.outputs = new RowGroupOutputs(this.columns, this.sinks, this.options.rowGroupRows);
    for (const record of this.sample) this.convertRow(record);
    this.sample = [];
  }

  private inferred(): ColumnSpec[] {
    const width = this.header?.length ?? this.sample[0]?.fields.length ?? 1;
    const names = this.header
      ? headerNames(this.header)
      : Array.from({ length: width }, (_, i) => `column_${i + 1}`);
    return inferColumns(
      names,
      this.sample.map((record) => record.fields),
      this.nullMarkers,
    );
  }

  private convertRow({ fields, line, issue }: Pending): void {
    if (issue) {
      this.quarantine.add({
        line,
        reason: QUOTE_REASONS[issue.code] ?? 'malformed_quote',
        message: issue.message,
        record: this.text(fields),
      });
      return;
    }
    const outcome = (this.convert as ConvertRow)(fields);
    if (isRejection(outcome)) this.quarantine.add({ line, ...outcome, record: this.text(fields) });
    else (this.outputs as RowGroupOutputs).add(outcome);
  }

  private text(fields: readonly string[]): string {
    return recordText(fields, this.dataset.parse.delimiter ?? ',');
  }

  private result(): IngestResult {
    return {
      rowsRead: this.read,
      rowsWritten: this.outputs?.rows ?? 0,
      rowsRejected: this.quarantine.count,
      columns: this.columns ?? [],
      schemaSource: this.dataset.schema ? 'configured' : 'inferred',
      bytes: {
        parquet: this.sinks.parquet.bytes,
        ndjson: this.sinks.ndjson.bytes,
        rejected: this.rejectedBytes,
      },
    };
  }
}

/** Converts one CSV text stream; whole-file problems throw UnreadableCsvError. */
export function ingestCsv(
  text: AsyncIterable<string>,
  dataset: DatasetSpec,
  sinks: IngestSinks,
  options: IngestOptions = DEFAULT_INGEST_OPTIONS,
): Promise<IngestResult> {
  return new IngestRun(dataset, sinks, options).run(text);
}
