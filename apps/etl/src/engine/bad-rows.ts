/**
 * The bad rows of a converted file: DuckDB names them (records its reader rejected, and staged rows
 * whose values broke a rule), then one pass over the staged bytes places each on its physical line
 * with its original text, and the quarantine gets them in file order, each with a reason that
 * names the column and the rule where there is one.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ruleText } from '../convert.js';
import type { ColumnSpec } from '../dataset-config.js';
import type { Quarantine, RejectedRow, RejectReason } from '../quarantine.js';
import { splitRecord } from './fields.js';
import { locateRecords, type LocatedRecord } from './locate.js';
import { dropTables, rows } from './query.js';
import { literal, type ReadOptions } from './sql.js';
import type { StagedFile } from './stage.js';

/** What the lookup reads: the CSV pass's rejects tables, columns and dialect, and its staging file. */
export interface BadRowSources extends Pick<
  ReadOptions,
  'rejectsTable' | 'rejectsScan' | 'columns' | 'notes' | 'parse' | 'rules' | 'maxLineBytes'
> {
  readonly staging: string;
}

/** DuckDB's error types, as our reasons (a quote problem is told apart by the record's text). */
const STRUCTURE_REASONS: Readonly<Record<string, RejectReason>> = {
  'MISSING COLUMNS': 'column_count',
  'TOO MANY COLUMNS': 'column_count',
  'LINE SIZE OVER MAXIMUM': 'line_too_long',
};

interface BadRows {
  readonly rejected: { line: number; type: string }[];
  readonly bad: { ordinal: number; reason: RejectReason; column: ColumnSpec }[];
}

async function badRows(connection: DuckDBConnection, sources: BadRowSources): Promise<BadRows> {
  const rejected = (
    await rows(
      connection,
      `SELECT line, min(error_type) FROM ${sources.rejectsTable} GROUP BY line ORDER BY line`,
    )
  ).map(([line, type]) => ({ line: Number(line), type: String(type) }));
  await dropTables(connection, [sources.rejectsTable, sources.rejectsScan]);
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

const columnName = (sources: BadRowSources, index: number | undefined): string | undefined =>
  index === undefined ? undefined : (sources.columns[index]?.name ?? `field ${index + 1}`);

/** Reason, column and message of a record DuckDB's reader rejected, from its type and its text. */
function structuralRow(
  sources: BadRowSources,
  type: string,
  text: string,
): Omit<RejectedRow, 'line' | 'record'> {
  const reason = STRUCTURE_REASONS[type];
  const expected = sources.columns.length;
  if (reason === 'line_too_long')
    return { reason, message: `the record is longer than MAX_RECORD_BYTES (${sources.maxLineBytes} bytes)` };
  if (text === '')
    return { reason: reason ?? 'malformed_quote', message: `DuckDB's reader reported ${type}` };
  const split = splitRecord(text, sources.parse);
  if (split.openQuoteField !== undefined) {
    const column = columnName(sources, split.openQuoteField);
    return {
      reason: 'unterminated_quote',
      column,
      message: `the quoted field of ${column} is still open at the end of the file`,
    };
  }
  if (reason === undefined && split.afterQuoteField !== undefined) {
    const column = columnName(sources, split.afterQuoteField);
    return { reason: 'malformed_quote', column, message: `characters follow the closing quote of ${column}` };
  }
  return {
    reason: reason ?? 'malformed_quote',
    message: `expected ${expected} fields, found ${split.fields}`,
  };
}

function valueMessage(sources: BadRowSources, reason: RejectReason, column: ColumnSpec): string {
  if (reason === 'missing_required') return `${column.name} is required, and the value is a null marker`;
  const note = sources.notes?.[sources.columns.indexOf(column)];
  const message = `the value of ${column.name} is not a valid ${column.type}: ${ruleText(column, sources.rules)}`;
  return note === undefined ? message : `${message} (${note})`;
}

function quarantineRow(
  sources: BadRowSources,
  found: BadRows,
  record: Pick<LocatedRecord, 'kind' | 'index' | 'line' | 'text'>,
): RejectedRow {
  if (record.kind === 'rejected') {
    const { type } = found.rejected[record.index] as BadRows['rejected'][number];
    return { line: record.line, record: record.text, ...structuralRow(sources, type, record.text) };
  }
  const { reason, column } = found.bad[record.index] as BadRows['bad'][number];
  const message = valueMessage(sources, reason, column);
  return { line: record.line, reason, column: column.name, message, record: record.text };
}

/**
 * Writes every bad row to the quarantine in file order. A row the scan could not place (the two
 * record splitters disagreeing) is still quarantined, with line 0 and no text, and logged by the
 * caller through the count: it is never dropped.
 */
async function quarantine(
  sources: BadRowSources,
  staged: StagedFile,
  found: BadRows,
  sink: Quarantine,
): Promise<number> {
  const want = {
    rejected: found.rejected.map((r) => r.line),
    bad: found.bad.map((b) => b.ordinal),
    header: sources.parse.header,
    dialect: sources.parse,
  };
  const placed = { rejected: new Set<number>(), bad: new Set<number>() };
  for await (const record of locateRecords(staged.path, want)) {
    placed[record.kind].add(record.index);
    sink.add(quarantineRow(sources, found, record));
    await sink.flush();
  }
  let unplaced = 0;
  for (const kind of ['rejected', 'bad'] as const) {
    for (let index = 0; index < found[kind].length; index += 1) {
      if (placed[kind].has(index)) continue;
      unplaced += 1;
      const row = quarantineRow(sources, found, { kind, index, line: 0, text: '' });
      sink.add({ ...row, message: `${row.message} (record not located in the file)` });
    }
  }
  return unplaced;
}

/**
 * Finds the bad rows (dropping the rejects tables once they are read) and quarantines them in
 * file order; the quarantine is finished by the caller with the other outputs.
 *
 * @returns how many rows had bad values, and how many bad rows the pass could not place.
 */
export async function findAndQuarantine(
  connection: DuckDBConnection,
  sources: BadRowSources,
  staged: StagedFile,
  sink: Quarantine,
): Promise<{ badValues: number; unplaced: number }> {
  const found = await badRows(connection, sources);
  const any = found.rejected.length > 0 || found.bad.length > 0;
  const unplaced = any ? await quarantine(sources, staged, found, sink) : 0;
  return { badValues: found.bad.length, unplaced };
}
