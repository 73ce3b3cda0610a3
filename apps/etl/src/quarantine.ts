/**
 * The quarantine: bad rows as CSV (`line,reason,column,message,record`), streamed to a sink
 * opened on the first bad row, so a clean file leaves no rejected object behind.
 */
import type { ByteSink } from './sink.js';

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
  /** The record's original text (line endings normalized to LF). */
  readonly record: string;
}

export const QUARANTINE_HEADER = 'line,reason,column,message,record\n';
const FLUSH_CHARS = 1 << 20;

/** RFC 4180 quoting of one field, when it needs it. */
export function csvField(value: string, delimiter = ','): string {
  return value.includes('"') || value.includes(delimiter) || value.includes('\n') || value.includes('\r')
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

/** The record re-joined as CSV text in the dataset's dialect. */
export function recordText(fields: readonly string[], delimiter: string): string {
  return fields.map((field) => csvField(field, delimiter)).join(delimiter);
}

export class Quarantine {
  private sink: ByteSink | undefined;
  private pending = '';
  private rows = 0;

  constructor(private readonly open: () => ByteSink) {}

  /** Rows quarantined so far. */
  get count(): number {
    return this.rows;
  }

  /** Bytes written to the quarantine object (0 when none was needed). */
  get bytes(): number {
    return this.sink?.bytes ?? 0;
  }

  add(row: RejectedRow): void {
    this.rows += 1;
    const cells = [String(row.line), row.reason, row.column ?? '', row.message, row.record];
    this.pending += `${cells.map((cell) => csvField(cell)).join(',')}\n`;
  }

  /** Writes what is buffered once it is worth a write (or always, with `force`). */
  async flush(force = false): Promise<void> {
    if (this.pending === '' || (!force && this.pending.length < FLUSH_CHARS)) return;
    if (!this.sink) {
      this.sink = this.open();
      await this.sink.write(QUARANTINE_HEADER);
    }
    const text = this.pending;
    this.pending = '';
    await this.sink.write(text);
  }

  async finish(): Promise<void> {
    await this.flush(true);
    await this.sink?.end();
  }
}
