/**
 * Finds bad records in the staged file by their DuckDB identity, to report the physical line
 * they start on and their original text. DuckDB names a structurally bad record by its record
 * number (header and blank lines counted) and a bad value by its row's ordinal among accepted
 * rows; one pass over the bytes turns both into lines. The scan splits records the way DuckDB's
 * reader does: a quote opens a quoted field only at the start of a field, `""` inside one is a
 * quote, and a quote inside an unquoted field is an ordinary character. It runs only when a file
 * has bad rows.
 */
import { createReadStream } from 'node:fs';

const LF = 0x0a;
const QUOTE = 0x22;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  AfterQuote,
}

export interface WantedRecords {
  /** DuckDB record numbers of rows its reader rejected, ascending. */
  readonly rejected: readonly number[];
  /** Ordinals (0-based, among accepted rows) of rows whose values are bad, ascending. */
  readonly bad: readonly number[];
  readonly header: boolean;
  /** The field delimiter (one ASCII character). */
  readonly delimiter: string;
}

export interface LocatedRecord {
  readonly kind: 'rejected' | 'bad';
  /** Index into the matching `WantedRecords` list. */
  readonly index: number;
  /** 1-based physical line the record starts on. */
  readonly line: number;
  readonly text: string;
}

/** Which record the scan is in, and whether its text is wanted. */
class RecordCursor {
  number = 0;
  ordinal = 0;
  startLine = 1;
  private nextRejected = 0;
  private nextBad = 0;
  wanted: Pick<LocatedRecord, 'kind' | 'index'> | undefined;
  pieces: Buffer[] = [];

  constructor(private readonly want: WantedRecords) {}

  /** Classifies the record starting on `line`; `blank` when it is an empty line. */
  start(line: number, blank: boolean): void {
    this.number += 1;
    this.startLine = line;
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

  located(): LocatedRecord | undefined {
    return (
      this.wanted && {
        ...this.wanted,
        line: this.startLine,
        text: Buffer.concat(this.pieces).toString('utf8'),
      }
    );
  }

  get done(): boolean {
    return this.nextRejected >= this.want.rejected.length && this.nextBad >= this.want.bad.length;
  }
}

/** Newlines in `chunk[from, to)`. */
function newlines(chunk: Buffer, from: number, to: number): number {
  let count = 0;
  for (let at = chunk.indexOf(LF, from); at !== -1 && at < to; at = chunk.indexOf(LF, at + 1)) count += 1;
  return count;
}

/**
 * Walks the records of the staged file chunk by chunk. Outside quotes it jumps from line end to
 * line end and looks only at quotes that open a field (at its start); inside quotes it jumps from
 * quote to quote, counting the newlines it passes.
 */
class RecordScanner {
  state = State.FieldStart;
  line = 1;
  atStart = true;
  private from = 0;

  constructor(
    private readonly cursor: RecordCursor,
    private readonly delimiter: number,
  ) {}

  /** Scans one chunk; returns the wanted records that ended in it. */
  scan(chunk: Buffer): LocatedRecord[] {
    const found: LocatedRecord[] = [];
    this.from = 0;
    let p = 0;
    while (p < chunk.length) {
      if (this.atStart) this.begin(chunk, p);
      if (this.state === State.Quoted) p = this.inQuotes(chunk, p);
      else if (this.state === State.AfterQuote) p = this.afterQuote(chunk, p, found);
      else p = this.outsideQuotes(chunk, p, found);
    }
    if (!this.atStart && this.cursor.wanted) this.cursor.pieces.push(Buffer.from(chunk.subarray(this.from)));
    return found;
  }

  private begin(chunk: Buffer, p: number): void {
    this.cursor.start(this.line, chunk[p] === LF);
    this.atStart = false;
    this.from = p;
  }

  private end(chunk: Buffer, at: number, found: LocatedRecord[]): number {
    if (this.cursor.wanted) this.cursor.pieces.push(Buffer.from(chunk.subarray(this.from, at)));
    const record = this.cursor.located();
    if (record) found.push(record);
    this.line += 1;
    this.state = State.FieldStart;
    this.atStart = true;
    return at + 1;
  }

  private inQuotes(chunk: Buffer, p: number): number {
    const quote = chunk.indexOf(QUOTE, p);
    const stop = quote === -1 ? chunk.length : quote;
    this.line += newlines(chunk, p, stop);
    if (quote !== -1) this.state = State.AfterQuote;
    return quote === -1 ? chunk.length : quote + 1;
  }

  private afterQuote(chunk: Buffer, p: number, found: LocatedRecord[]): number {
    const b = chunk[p] as number;
    if (b === LF) return this.end(chunk, p, found);
    this.state = b === QUOTE ? State.Quoted : b === this.delimiter ? State.FieldStart : State.Unquoted;
    return p + 1;
  }

  /** A quote opens a field only right after a delimiter or at the start of the record. */
  private opens(chunk: Buffer, quote: number, p: number): boolean {
    if (quote === p) return this.state === State.FieldStart;
    return chunk[quote - 1] === this.delimiter;
  }

  private outsideQuotes(chunk: Buffer, p: number, found: LocatedRecord[]): number {
    const newline = chunk.indexOf(LF, p);
    const lineEnd = newline === -1 ? chunk.length : newline;
    let quote = chunk.indexOf(QUOTE, p);
    while (quote !== -1 && quote < lineEnd && !this.opens(chunk, quote, p))
      quote = chunk.indexOf(QUOTE, quote + 1);
    if (quote !== -1 && quote < lineEnd) {
      this.state = State.Quoted;
      return quote + 1;
    }
    if (newline !== -1) return this.end(chunk, newline, found);
    const last = chunk[chunk.length - 1];
    if (chunk.length > p) this.state = last === this.delimiter ? State.FieldStart : State.Unquoted;
    return chunk.length;
  }
}

/** Yields the wanted records in file order. */
export async function* locateRecords(
  path: string,
  want: WantedRecords,
  chunkBytes = 1 << 20,
): AsyncGenerator<LocatedRecord> {
  const cursor = new RecordCursor(want);
  const scanner = new RecordScanner(cursor, want.delimiter.charCodeAt(0));
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    yield* scanner.scan(chunk);
    if (cursor.done && scanner.atStart) return;
  }
  const last = scanner.atStart ? undefined : cursor.located();
  if (last) yield last;
}
