import { CodedError } from '@pipeline/coded-error';

/**
 * What the engine refused or failed (QUERY_FAILED: its own error; UNSUPPORTED_TYPE: a Glue type the
 * local engine does not map). The command prints it in one line and exits 1; a table that is no
 * dataset, or an unknown environment, is a UsageError instead (exit 2).
 */
export type QueryErrorCode = 'QUERY_FAILED' | 'UNSUPPORTED_TYPE';

export class QueryError extends CodedError<QueryErrorCode> {}
