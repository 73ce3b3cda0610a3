/**
 * Finds bad records in the staged file by their DuckDB identity, to report the physical line
 * they start on and their original text. DuckDB names a structurally bad record by its record
 * number (header and blank lines counted) and a bad value by its row's ordinal among accepted
 * rows; one pass over the bytes turns both into lines. The scan splits records the way DuckDB's
 * reader does: a quote opens a quoted field only at the start of a field, the escape character
 * (`""` by default) inside one makes the next character literal, and a quote inside an unquoted
 * field is an ordinary character. Outside quotes the staged file ends records with LF only
 * (stage.ts); inside them CRLF and a lone CR count as the line breaks they are. It runs only when a
 * file has bad rows.
 */
import { createReadStream } from 'node:fs';
import { countLineBreaks, CR, LF, type QuoteDialect } from '../line-breaks.js';

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  AfterQuote,
  Escaped,
}

export interface WantedRecords {
  /** DuckDB record numbers of rows its reader rejected, ascending. */
  readonly rejected: readonly number[];
  /** Ordinals (0-based, among accepted rows) of rows whose values are bad, ascending. */
  readonly bad: readonly number[];
  readonly header: boolean;
  readonly dialect: QuoteDialect;
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

/** Line breaks in `chunk[from, to)`; `afterCr` when the byte before `from` was a CR. */
function lineBreaks(chunk: Buffer, from: number, to: number, afterCr: boolean): number {
  return to > from ? countLineBreaks(chunk.subarray(from, to), afterCr) : 0;
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

  private readonly delimiter: number;
  private readonly quote: number;
  private readonly escape: number;
  /** The last byte of the previous chunk was a CR (a CRLF may straddle two chunks). */
  private lastWasCr = false;

  constructor(
    private readonly cursor: RecordCursor,
    dialect: QuoteDialect,
  ) {
    this.delimiter = dialect.delimiter.charCodeAt(0);
    this.quote = dialect.quote.charCodeAt(0);
    this.escape = dialect.escape.charCodeAt(0);
  }

  /** Scans one chunk; returns the wanted records that ended in it. */
  scan(chunk: Buffer): LocatedRecord[] {
    const found: LocatedRecord[] = [];
    this.from = 0;
    let p = 0;
    while (p < chunk.length) {
      if (this.atStart) this.begin(chunk, p);
      if (this.state === State.Quoted) p = this.inQuotes(chunk, p);
      else if (this.state === State.Escaped) p = this.escaped(chunk, p);
      else if (this.state === State.AfterQuote) p = this.afterQuote(chunk, p, found);
      else p = this.outsideQuotes(chunk, p, found);
    }
    if (!this.atStart && this.cursor.wanted) this.cursor.pieces.push(Buffer.from(chunk.subarray(this.from)));
    this.lastWasCr = chunk[chunk.length - 1] === CR;
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
    let stop = chunk.indexOf(this.quote, p);
    let next = State.AfterQuote;
    if (this.escape !== this.quote) {
      const escape = chunk.indexOf(this.escape, p);
      if (escape !== -1 && (stop === -1 || escape < stop)) [stop, next] = [escape, State.Escaped];
    }
    const end = stop === -1 ? chunk.length : stop;
    this.line += lineBreaks(chunk, p, end, p === 0 ? this.lastWasCr : chunk[p - 1] === CR);
    if (stop !== -1) this.state = next;
    return stop === -1 ? chunk.length : stop + 1;
  }

  /** The character after an escape is literal (a line break in it still counts). */
  private escaped(chunk: Buffer, p: number): number {
    this.line += lineBreaks(chunk, p, p + 1, p === 0 ? this.lastWasCr : chunk[p - 1] === CR);
    this.state = State.Quoted;
    return p + 1;
  }

  private afterQuote(chunk: Buffer, p: number, found: LocatedRecord[]): number {
    const b = chunk[p] as number;
    if (b === LF) return this.end(chunk, p, found);
    const doubled = b === this.quote && this.escape === this.quote;
    this.state = doubled ? State.Quoted : b === this.delimiter ? State.FieldStart : State.Unquoted;
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
    let quote = chunk.indexOf(this.quote, p);
    while (quote !== -1 && quote < lineEnd && !this.opens(chunk, quote, p))
      quote = chunk.indexOf(this.quote, quote + 1);
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
  const scanner = new RecordScanner(cursor, want.dialect);
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    yield* scanner.scan(chunk);
    if (cursor.done && scanner.atStart) return;
  }
  const last = scanner.atStart ? undefined : cursor.located();
  if (last) yield last;
}
