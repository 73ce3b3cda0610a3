/**
 * The etl domain's errors. Whole-file problems are permanent (recorded, never retried); the
 * handler classifies them by class, and the rejection record carries `code`.
 */
import { PermanentError } from '@pipeline/lambda-kit';

export type UnreadableReason =
  'EMPTY_FILE' | 'NO_HEADER' | 'NOT_UTF8' | 'BAD_GZIP' | 'HEADER_MISMATCH' | 'NOT_CSV' | 'NO_DATASET';

/** The object cannot be read as CSV at all: it is rejected as a whole, with a rejection record. */
export class UnreadableCsvError extends PermanentError {
  constructor(code: UnreadableReason, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** The DATASETS configuration is malformed; `path` names the offending field. */
export class DatasetConfigError extends Error {
  readonly code = 'DATASET_CONFIG_INVALID';
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`Expected ${problem} for ${path}`);
    this.name = 'DatasetConfigError';
    this.path = path;
  }
}
