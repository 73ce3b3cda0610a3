import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ObservedS3Call } from './s3-call-record.js';
import { summarizeS3Calls, type S3CallRow } from './s3-call-table.js';

/** Where the test files of a run drop their calls (set by the jest global setup for its workers). */
export const S3_CALLS_DIR_VARIABLE = 'PIPELINE_S3_CALLS_DIR';

/** The package's summary of the calls its functions made: a turbo output, like `.jest-results.json`. */
export const S3_CALLS_FILE = '.s3-calls.json';

/**
 * Folds every test file's calls in `dir` into `outFile` (`{ rows }`) and removes `dir`. Writes
 * nothing when no test ran a function under its role (a run of the unit tests alone).
 */
export function mergeCallFragments(dir: string, outFile: string): number {
  if (!existsSync(dir)) return 0;
  const calls = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as ObservedS3Call[]);
  rmSync(dir, { recursive: true, force: true });
  if (calls.length === 0) return 0;
  const rows = summarizeS3Calls(calls);
  writeFileSync(outFile, `${JSON.stringify({ rows }, null, 1)}\n`);
  return rows.length;
}

/** The rows a package's {@link S3_CALLS_FILE} holds. */
export function readS3CallRows(file: string): S3CallRow[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { rows: S3CallRow[] }).rows;
}
