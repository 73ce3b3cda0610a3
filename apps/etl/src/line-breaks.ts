/**
 * Line breaks outside quoted fields, made LF: CRLF and a lone CR (classic Mac, some Excel exports)
 * end a record as LF does, so DuckDB reads every file with `new_line='\n'`, while the bytes of a
 * quoted field (CRLF inside it included) stay exactly as they were. The scan splits fields the way
 * DuckDB's reader does: a quote opens a quoted field only at the start of a field; inside one, the
 * escape character (the quote itself by default, `""`) makes the next character literal.
 */
import type { Dialect } from './dataset-config.js';

export const LF = 0x0a;
export const CR = 0x0d;

const enum At {
  FieldStart,
  Unquoted,
  Quoted,
  AfterQuote,
  Escaped,
}

/** `outside` returns OPENED minus the index of a quote that opened a field. */
const OPENED = -2;

export type QuoteDialect = Pick<Dialect, 'delimiter' | 'quote' | 'escape'>;

export class LineBreakNormalizer {
  private state = At.FieldStart;
  /** A CR ended the previous chunk outside quotes: an LF starting this one belongs to it. */
  private dropLf = false;
  private readonly delimiter: number;
  private readonly quote: number;
  private readonly escape: number;

  constructor(dialect: QuoteDialect) {
    this.delimiter = dialect.delimiter.charCodeAt(0);
    this.quote = dialect.quote.charCodeAt(0);
    this.escape = dialect.escape.charCodeAt(0);
  }

  /** The chunk with its line breaks outside quotes made LF. */
  normalize(chunk: Buffer): Buffer {
    const out = Buffer.allocUnsafe(chunk.length);
    return out.subarray(0, this.run(chunk, out));
  }

  /** Follows the chunk without writing anything (to learn the state at its end). */
  scan(chunk: Buffer): void {
    this.run(chunk, undefined);
  }

  private run(chunk: Buffer, out: Buffer | undefined): number {
    let written = 0;
    let from = 0;
    let i = 0;
    const copy = (to: number) => {
      if (out && to > from) written += chunk.copy(out, written, from, to);
    };
    if (this.dropLf && chunk[0] === LF) from = i = 1;
    this.dropLf = false;
    while (i < chunk.length) {
      if (this.state === At.Quoted) i = this.inQuotes(chunk, i);
      else if (this.state === At.Escaped) {
        this.state = At.Quoted;
        i += 1;
      } else if (this.state === At.AfterQuote) i = this.afterQuote(chunk, i);
      else {
        const cr = this.outside(chunk, i);
        if (cr === -1) break;
        if (cr <= OPENED) {
          i = OPENED - cr + 1;
          continue;
        }
        copy(cr);
        if (out) out[written++] = LF;
        const lf = chunk[cr + 1] === LF;
        this.dropLf = cr + 1 === chunk.length;
        from = i = cr + (lf ? 2 : 1);
        this.state = At.FieldStart;
      }
    }
    copy(chunk.length);
    return written;
  }

  private inQuotes(chunk: Buffer, i: number): number {
    const next = chunk.indexOf(this.quote, i);
    if (this.escape !== this.quote) {
      const escape = chunk.indexOf(this.escape, i);
      if (escape !== -1 && (next === -1 || escape < next)) {
        this.state = At.Escaped;
        return escape + 1;
      }
    }
    if (next === -1) return chunk.length;
    this.state = At.AfterQuote;
    return next + 1;
  }

  /** After a quote inside a quoted field: a second quote (when it escapes itself) continues the field. */
  private afterQuote(chunk: Buffer, i: number): number {
    const b = chunk[i] as number;
    if (b === this.quote && this.escape === this.quote) {
      this.state = At.Quoted;
      return i + 1;
    }
    this.state = b === this.delimiter ? At.FieldStart : At.Unquoted;
    return b === CR || b === LF ? i : i + 1;
  }

  private opensField(chunk: Buffer, at: number, i: number): boolean {
    if (at === i) return this.state === At.FieldStart;
    const before = chunk[at - 1] as number;
    return before === this.delimiter || before === LF || before === CR;
  }

  /**
   * Outside quotes from `i`: the next CR; or, when a quote opens a field first, `OPENED - <its
   * index>` with the state set to Quoted; or -1 when the chunk ends first.
   */
  private outside(chunk: Buffer, i: number): number {
    const cr = chunk.indexOf(CR, i);
    let quote = chunk.indexOf(this.quote, i);
    while (quote !== -1 && (cr === -1 || quote < cr)) {
      if (this.opensField(chunk, quote, i)) {
        this.state = At.Quoted;
        return OPENED - quote;
      }
      this.state = At.Unquoted;
      quote = chunk.indexOf(this.quote, quote + 1);
    }
    if (cr !== -1) return cr;
    const last = chunk[chunk.length - 1] as number;
    if (chunk.length > i) this.state = last === this.delimiter || last === LF ? At.FieldStart : At.Unquoted;
    return -1;
  }
}

/** Physical line breaks in `buf` (LF, CRLF and a lone CR count one each); `afterCr` when the byte before it was a CR. */
export function countLineBreaks(buf: Buffer, afterCr = false): number {
  let count = 0;
  for (let at = buf.indexOf(LF); at !== -1; at = buf.indexOf(LF, at + 1))
    if (!(at === 0 ? afterCr : buf[at - 1] === CR)) count += 1;
  for (let at = buf.indexOf(CR); at !== -1; at = buf.indexOf(CR, at + 1)) count += 1;
  return count;
}
