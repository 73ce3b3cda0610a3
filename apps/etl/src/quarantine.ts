/**
 * The quarantine: bad rows as CSV (`line,reason,column,message,record`), streamed to its output,
 * which is opened on the first bad row (a clean file leaves no rejected object behind), and
 * finished or aborted here: the one place that output's lifecycle lives.
 */
import type { ByteSink, OutputSink, WrittenObject } from './sink.js';

export type RejectReason =
  | 'column_count'
  | 'invalid_value'
  | 'missing_required'
  | 'unterminated_quote'
  | 'malformed_quote'
  | 'line_too_long';

export interface RejectedRow {
  /** 1-based physical line where the record starts (the header is line 1). */
  readonly line: number;
  readonly reason: RejectReason;
  readonly column?: string;
  readonly message: string;
  /** The record's original text. */
  readonly record: string;
}

const QUARANTINE_HEADER = 'line,reason,column,message,record\n';
const FLUSH_CHARS = 1 << 20;

/** RFC 4180 quoting of one field, when it needs it. */
export function csvField(value: string): string {
  return value.includes('"') || value.includes(',') || value.includes('\n') || value.includes('\r')
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

export class Quarantine {
  private sink: ByteSink | undefined;
  private pending = '';
  private rows = 0;

  constructor(private readonly output: OutputSink) {}

  /** Rows quarantined so far. */
  get count(): number {
    return this.rows;
  }

  add(row: RejectedRow): void {
    this.rows += 1;
    const cells = [String(row.line), row.reason, row.column ?? '', row.message, row.record];
    this.pending += `${cells.map(csvField).join(',')}\n`;
  }

  /** Writes what is buffered once it is worth a write (or always, with `force`). */
  async flush(force = false): Promise<void> {
    if (this.pending === '' || (!force && this.pending.length < FLUSH_CHARS)) return;
    if (!this.sink) {
      [this.sink] = this.output.open(1) as [ByteSink];
      await this.sink.write(QUARANTINE_HEADER);
    }
    const text = this.pending;
    this.pending = '';
    await this.sink.write(text);
  }

  /** Completes the output; undefined when no row was quarantined (nothing was written). */
  async finish(): Promise<WrittenObject | undefined> {
    await this.flush(true);
    await this.sink?.end();
    return this.output.finish();
  }

  async abort(): Promise<void> {
    await this.output.abort();
  }
}
