/**
 * CSV records from streaming text, parsed by Papa Parse (chosen by measurement: see README).
 * Each text chunk is parsed with the trailing incomplete record held back and prepended to the
 * next chunk, as Papa's own streamers do, so records may span chunks. A record may not grow past
 * `maxRecordChars`: a stray quote would otherwise swallow the rest of the file into memory.
 */
import Papa from 'papaparse';
import { UnreadableCsvError } from '../../src/errors.js';

/** A parse problem on one record of a batch: `row` indexes `rows`. */
export interface RecordIssue {
  readonly row: number;
  /** papaparse's code, e.g. 'MissingQuotes' or 'InvalidQuotes'. */
  readonly code: string;
  readonly message: string;
}

export interface RecordBatch {
  readonly rows: string[][];
  readonly issues: readonly RecordIssue[];
}

export interface RecordOptions {
  readonly delimiter: string;
  readonly maxRecordChars: number;
}

interface PapaResult {
  data: string[][];
  errors: { code: string; message: string; row?: number }[];
  meta: { cursor: number };
}

function parseChunk(options: RecordOptions, input: string, last: boolean): PapaResult {
  const parser = new Papa.Parser({
    delimiter: options.delimiter,
    newline: '\n',
    quoteChar: '"',
    escapeChar: '"',
  });
  return parser.parse(input, 0, !last) as PapaResult;
}

function toBatch(result: PapaResult): RecordBatch {
  const issues = result.errors
    .filter((error) => error.row !== undefined)
    .map((error) => ({ row: error.row as number, code: error.code, message: error.message }));
  return { rows: result.data, issues };
}

/** Batches of records (arrays of field strings) from CSV text chunks; LF line endings expected. */
export async function* csvRecords(
  text: AsyncIterable<string>,
  options: RecordOptions,
): AsyncGenerator<RecordBatch> {
  let carry = '';
  for await (const chunk of text) {
    const input = carry + chunk;
    const result = parseChunk(options, input, false);
    carry = input.slice(result.meta.cursor);
    if (carry.length > options.maxRecordChars) {
      throw new UnreadableCsvError(
        'NOT_CSV',
        `A record runs past ${options.maxRecordChars} characters (an unterminated quote?)`,
      );
    }
    if (result.data.length > 0) yield toBatch(result);
  }
  if (carry !== '') yield toBatch(parseChunk(options, carry, true));
}
