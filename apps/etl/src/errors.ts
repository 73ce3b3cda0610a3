/**
 * The etl domain's errors. Whole-file problems are permanent (recorded, never retried); the
 * handler classifies them by class, and the rejection record carries `code`.
 */
import { PermanentError, TransientError } from '@pipeline/lambda-kit';

export type UnreadableReason =
  | 'EMPTY_FILE'
  | 'NO_HEADER'
  | 'NO_ROWS'
  | 'NOT_UTF8'
  | 'NOT_UTF16'
  | 'BAD_GZIP'
  | 'HEADER_MISMATCH'
  | 'NOT_CSV'
  | 'NO_DATASET';

/** The object cannot be read as CSV at all: it is rejected as a whole, with a rejection record. */
export class UnreadableCsvError extends PermanentError {
  constructor(code: UnreadableReason, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Bytes that are not text in the file's encoding; `offset` (0-based, after gunzip) and `line` (1-based) say where. */
export class CsvEncodingError extends UnreadableCsvError {
  readonly offset: number;
  readonly line: number;

  constructor(
    code: 'NOT_UTF8' | 'NOT_UTF16',
    private readonly encoding: string,
    offset: number,
    line: number,
  ) {
    super(code, `The file is not valid ${encoding}: byte offset ${offset}, line ${line}`);
    this.offset = offset;
    this.line = line;
  }

  /** The same error at `line` (the decoder knows the offset, the stager counts the lines). */
  atLine(line: number): CsvEncodingError {
    return new CsvEncodingError(this.code as 'NOT_UTF8' | 'NOT_UTF16', this.encoding, this.offset, line);
  }
}

/**
 * The dataset's Glue table no longer describes what etl writes (a column's type edited by hand, a
 * declared column missing or retyped): the file is rejected rather than written into a table that
 * disagrees with it. `column`, the table's type and the files' type are named.
 */
export class CatalogMismatchError extends PermanentError {
  readonly column: string;
  readonly tableType: string;
  readonly filesType: string;

  constructor(dataset: string, column: string, tableType: string, filesType: string) {
    super(
      'CATALOG_MISMATCH',
      `Expected ${filesType} (what etl writes) for column ${JSON.stringify(column)} of the ${dataset} dataset's Glue table but received ${tableType}`,
    );
    this.column = column;
    this.tableType = tableType;
    this.filesType = filesType;
  }
}

/** Which limit an input broke: the variable that sets it, its value, and what was measured. */
export interface LimitBreach {
  readonly variable: string;
  readonly limit: number;
  readonly measured: string;
  readonly advice: string;
}

/** The input is over a declared limit: rejected before (or as soon as) it is seen, never retried. */
export class TooLargeError extends PermanentError {
  readonly variable: string;
  readonly limit: number;

  constructor(breach: LimitBreach) {
    super('TOO_LARGE', `${breach.measured}, over ${breach.variable}=${breach.limit}. ${breach.advice}`);
    this.variable = breach.variable;
    this.limit = breach.limit;
  }
}

/** The DATASETS configuration is malformed (declared with the contract, re-exported for the handler). */
export { DatasetConfigError } from '@pipeline/dataset-contract';

const errnoOf = (error: unknown): string | undefined => {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
};

/**
 * Classifies a failure of local work by its errno code (never its message). ENOSPC: the file needs
 * more local storage than the function has, which a retry on the same configuration cannot change,
 * so it is permanent (`OUT_OF_SPACE`). EMFILE/ENFILE: the container ran out of file descriptors,
 * which a fresh container may not (`TOO_MANY_OPEN_FILES`, transient). Anything else is returned as it is.
 */
export function classifyLocalError(error: unknown, workDir: string): unknown {
  const errno = errnoOf(error);
  if (errno === 'ENOSPC')
    return new PermanentError(
      'OUT_OF_SPACE',
      `The function's local storage (${workDir}) ran out while converting this file: raise the function's ephemeral storage, or lower MAX_EXPANDED_BYTES so such files are refused up front`,
      { cause: error },
    );
  if (errno === 'EMFILE' || errno === 'ENFILE')
    return new TransientError('TOO_MANY_OPEN_FILES', `Out of file descriptors (${errno})`, { cause: error });
  return error;
}
