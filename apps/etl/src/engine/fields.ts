/**
 * A located record's text split into fields the way DuckDB's reader splits them (see
 * line-breaks.ts), so quarantine messages can give the record's real field count and name the
 * column a quoting problem is in. Runs only on bad records.
 */
import type { QuoteDialect } from '../line-breaks.js';

export interface SplitRecord {
  readonly fields: number;
  /** The field (0-based) whose quote is still open at the end of the text, if any. */
  readonly openQuoteField?: number;
  /** The first field (0-based) with characters after its closing quote, if any. */
  readonly afterQuoteField?: number;
}

export function splitRecord(text: string, dialect: QuoteDialect): SplitRecord {
  const { delimiter, quote, escape } = dialect;
  let fields = 1;
  let afterQuoteField: number | undefined;
  let fieldStart = true;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === delimiter) {
      fields += 1;
      fieldStart = true;
    } else if (c === quote && fieldStart) {
      const close = closingQuote(text, i + 1, quote, escape);
      if (close === -1) return { fields, openQuoteField: fields - 1, afterQuoteField };
      i = close;
      const next = text[close + 1];
      if (next !== undefined && next !== delimiter) afterQuoteField ??= fields - 1;
      fieldStart = false;
    } else fieldStart = false;
  }
  return { fields, afterQuoteField };
}

/** Index of the quote closing a field opened before `from`, or -1. */
function closingQuote(text: string, from: number, quote: string, escape: string): number {
  for (let i = from; i < text.length; i += 1) {
    const c = text[i];
    if (c === escape && escape !== quote) i += 1;
    else if (c === quote) {
      if (escape === quote && text[i + 1] === quote) i += 1;
      else return i;
    }
  }
  return -1;
}
