/**
 * Finds bad records in the staged file by their DuckDB identity, to report the physical line
 * they start on and their original text. DuckDB names a structurally bad record by its record
 * number (header and blank lines counted) and a bad value by its row's ordinal among accepted
 * rows; one pass over the bytes, tracking quote parity (RFC 4180 quotes come in pairs, doubled
 * ones included), turns both into lines. It runs only when a file has bad rows.
 */
import { createReadStream } from 'node:fs';

const LF = 0x0a;
const QUOTE = 0x22;

export interface WantedRecords {
  /** DuckDB record numbers of rows its reader rejected, ascending. */
  readonly rejected: readonly number[];
  /** Ordinals (0-based, among accepted rows) of rows whose values are bad, ascending. */
  readonly bad: readonly number[];
  readonly header: boolean;
}

export interface LocatedRecord {
  readonly kind: 'rejected' | 'bad';
  /** Index into the matching `WantedRecords` list. */
  readonly index: number;
  /** 1-based physical line the record starts on. */
  readonly line: number;
  readonly text: string;
}

/** Cursor over one record at a time: which record it is and whether its text is wanted. */
class RecordCursor {
  number = 1;
  line = 1;
  ordinal = 0;
  private nextRejected = 0;
  private nextBad = 0;
  wanted: Pick<LocatedRecord, 'kind' | 'index'> | undefined;
  pieces: Buffer[] = [];

  constructor(private readonly want: WantedRecords) {}

  /** Classifies the record starting now; `blank` when it is an empty line. */
  start(blank: boolean): void {
    this.wanted = undefined;
    this.pieces = [];
    if (this.want.rejected[this.nextRejected] === this.number) {
      this.wanted = { kind: 'rejected', index: this.nextRejected++ };
      return;
    }
    if (blank || (this.want.header && this.number === 1)) return;
    if (this.want.bad[this.nextBad] === this.ordinal) this.wanted = { kind: 'bad', index: this.nextBad++ };
    this.ordinal += 1;
  }

  get done(): boolean {
    return this.nextRejected >= this.want.rejected.length && this.nextBad >= this.want.bad.length;
  }
}

/** Yields the wanted records in file order. */
export async function* locateRecords(path: string, want: WantedRecords): AsyncGenerator<LocatedRecord> {
  const cursor = new RecordCursor(want);
  let inQuote = false;
  let atStart = true;
  let startLine = 1;
  const finish = function* (): Generator<LocatedRecord> {
    if (cursor.wanted) yield { ...cursor.wanted, line: startLine, text: Buffer.concat(cursor.pieces).toString('utf8') };
    cursor.number += 1;
    atStart = true;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let pos = 0;
    let quote = chunk.indexOf(QUOTE);
    while (pos < chunk.length) {
      if (atStart) {
        if (cursor.done) return;
        cursor.start(chunk[pos] === LF);
        startLine = cursor.line;
        atStart = false;
      }
      const newline = chunk.indexOf(LF, pos);
      const end = newline === -1 ? chunk.length : newline;
      while (quote !== -1 && quote < end) {
        inQuote = !inQuote;
        quote = chunk.indexOf(QUOTE, quote + 1);
      }
      if (cursor.wanted) cursor.pieces.push(Buffer.from(chunk.subarray(pos, end)));
      if (newline === -1) break;
      cursor.line += 1;
      pos = newline + 1;
      if (inQuote) {
        if (cursor.wanted) cursor.pieces.push(Buffer.from('\n'));
        continue;
      }
      yield* finish();
    }
  }
  if (!atStart) yield* finish();
}
