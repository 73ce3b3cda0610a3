/**
 * The bad rows of a converted file: DuckDB names them (records its reader rejected, and staged rows
 * whose values broke a rule), then one pass over the staged bytes places each on its physical line
 * with its original text, and the quarantine gets them in file order.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnSpec, ParseOptions } from '../dataset-config.js';
import type { Quarantine, RejectedRow, RejectReason } from '../quarantine.js';
import { locateRecords, type LocatedRecord } from './locate.js';
import { dropTables, rows } from './query.js';
import { literal, type ReadOptions } from './sql.js';
import type { StagedFile } from './stage.js';

/** What the lookup reads: the CSV pass's rejects tables, columns and dialect, and its staging file. */
export interface BadRowSources extends Pick<
  ReadOptions,
  'rejectsTable' | 'rejectsScan' | 'columns' | 'parse'
> {
  readonly staging: string;
}

const STRUCTURE_REASONS: Readonly<Record<string, RejectReason>> = {
  'MISSING COLUMNS': 'column_count',
  'TOO MANY COLUMNS': 'column_count',
  'UNQUOTED VALUE': 'unterminated_quote',
  'LINE SIZE OVER MAXIMUM': 'line_too_long',
};

interface BadRows {
  readonly rejected: { line: number; reason: RejectReason; message: string }[];
  readonly bad: { ordinal: number; reason: RejectReason; column: ColumnSpec }[];
}

async function badRows(connection: DuckDBConnection, sources: BadRowSources): Promise<BadRows> {
  const rejected = (
    await rows(
      connection,
      `SELECT line, min(error_type), min(error_message) FROM ${sources.rejectsTable} GROUP BY line ORDER BY line`,
    )
  ).map(([line, type, message]) => ({
    line: Number(line),
    reason: STRUCTURE_REASONS[String(type)] ?? 'malformed_quote',
    message: String(message).split('\n')[0] ?? '',
  }));
  const staging = `read_parquet(${literal(sources.staging)}, file_row_number=true)`;
  const bad = (
    await rows(
      connection,
      `SELECT file_row_number, problem FROM ${staging} WHERE problem IS NOT NULL ORDER BY 1`,
    )
  ).map(([rowid, problem]) => {
    const [reason, index] = String(problem).split('|');
    return {
      ordinal: Number(rowid),
      reason: reason as RejectReason,
      column: sources.columns[Number(index)] as ColumnSpec,
    };
  });
  return { rejected, bad };
}

function badMessage(reason: RejectReason, column: ColumnSpec): string {
  return reason === 'missing_required'
    ? `${column.name} is required`
    : `the value of ${column.name} is not a valid ${column.type}`;
}

function quarantineRow(
  found: BadRows,
  record: Pick<LocatedRecord, 'kind' | 'index' | 'line' | 'text'>,
): RejectedRow {
  if (record.kind === 'rejected') {
    const { reason, message } = found.rejected[record.index] as BadRows['rejected'][number];
    return { line: record.line, reason, message, record: record.text };
  }
  const { reason, column } = found.bad[record.index] as BadRows['bad'][number];
  return {
    line: record.line,
    reason,
    column: column.name,
    message: badMessage(reason, column),
    record: record.text,
  };
}

/**
 * Writes every bad row to the quarantine in file order. A row the scan could not place (the two
 * record splitters disagreeing) is still quarantined, with line 0 and no text, and logged by the
 * caller through the count: it is never dropped.
 */
async function quarantine(
  staged: StagedFile,
  parse: ParseOptions,
  found: BadRows,
  sink: Quarantine,
): Promise<number> {
  const want = {
    rejected: found.rejected.map((r) => r.line),
    bad: found.bad.map((b) => b.ordinal),
    header: parse.header,
    delimiter: parse.delimiter,
  };
  const placed = { rejected: new Set<number>(), bad: new Set<number>() };
  for await (const record of locateRecords(staged.path, want)) {
    placed[record.kind].add(record.index);
    sink.add(quarantineRow(found, record));
    await sink.flush();
  }
  let unplaced = 0;
  for (const kind of ['rejected', 'bad'] as const) {
    for (let index = 0; index < found[kind].length; index += 1) {
      if (placed[kind].has(index)) continue;
      unplaced += 1;
      const row = quarantineRow(found, { kind, index, line: 0, text: '' });
      sink.add({ ...row, message: `${row.message} (record not located in the file)` });
    }
  }
  return unplaced;
}

/**
 * Finds the bad rows, drops the rejects tables, and quarantines the rows in file order.
 *
 * @returns how many records DuckDB rejected, and how many bad rows the pass could not place.
 */
export async function findAndQuarantine(
  connection: DuckDBConnection,
  sources: BadRowSources,
  staged: StagedFile,
  sink: Quarantine,
): Promise<{ structural: number; unplaced: number }> {
  const found = await badRows(connection, sources);
  await dropTables(connection, [sources.rejectsTable, sources.rejectsScan]);
  const any = found.rejected.length > 0 || found.bad.length > 0;
  const unplaced = any ? await quarantine(staged, sources.parse, found, sink) : 0;
  await sink.finish();
  return { structural: found.rejected.length, unplaced };
}
