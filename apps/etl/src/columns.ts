/**
 * The columns a file is read with: the configured schema (its header checked against it), or
 * names from the header and types inferred from a sample of the first rows, where the dataset's
 * table has no type for them yet (a column it has is read with the table's type).
 */
import { glueTypeOf, type ColumnTypeSpec } from '@pipeline/dataset-contract';
import Papa from 'papaparse';
import type { ColumnSpec, DatasetSpec, Dialect } from './dataset-config.js';
import { UnreadableCsvError } from './errors.js';
import { headerNames, inferColumns } from './infer.js';

export interface ResolvedColumns {
  readonly columns: readonly ColumnSpec[];
  readonly source: 'configured' | 'inferred';
  /** Per column, where the table's type differs from what this file's values read as: both named. */
  readonly notes?: readonly (string | undefined)[];
}

/** The table's type of a column (names compare without case, as Athena's do). */
function typeIn(types: ReadonlyMap<string, ColumnTypeSpec>, name: string): ColumnTypeSpec | undefined {
  for (const [column, type] of types) if (column.toLowerCase() === name.toLowerCase()) return type;
  return undefined;
}

/** Inferred columns retyped as the table has them, with a note where the file's values read otherwise. */
function withTableTypes(
  inferred: readonly ColumnSpec[],
  types: ReadonlyMap<string, ColumnTypeSpec>,
): Pick<ResolvedColumns, 'columns' | 'notes'> {
  const columns = inferred.map((column) => {
    const type = typeIn(types, column.name);
    return type === undefined ? column : { name: column.name, required: false, ...type };
  });
  const notes = inferred.map((column, i) => {
    const table = glueTypeOf(columns[i] as ColumnSpec);
    const file = glueTypeOf(column);
    return table === file
      ? undefined
      : `the table types ${column.name} as ${table}; this file's values read as ${file}`;
  });
  return { columns, notes };
}

function checkHeader(schema: readonly ColumnSpec[], header: readonly string[]): void {
  const expected = schema.map((column) => column.name);
  const names = header.map((name) => name.trim());
  if (names.length !== expected.length || names.some((name, i) => name !== expected[i])) {
    throw new UnreadableCsvError(
      'HEADER_MISMATCH',
      `Header ${JSON.stringify(names)} does not match the schema columns ${JSON.stringify(expected)}`,
    );
  }
}

/** Records at the start of the staged file (line breaks are LF outside quotes): `head` is its first bytes as text. */
function headRecords(head: string, complete: boolean, dialect: Dialect): string[][] {
  const parser = new Papa.Parser({
    delimiter: dialect.delimiter,
    newline: '\n',
    quoteChar: dialect.quote,
    escapeChar: dialect.escape,
  });
  const result = parser.parse(head, 0, !complete) as { data: string[][] };
  return result.data.filter((row) => !(row.length === 1 && row[0] === ''));
}

export function resolveColumns(
  dataset: DatasetSpec,
  dialect: Dialect,
  head: string,
  complete: boolean,
  sampleRows: number,
  tableTypes?: ReadonlyMap<string, ColumnTypeSpec>,
): ResolvedColumns {
  const records = headRecords(head, complete, dialect);
  const header = dialect.header ? records.shift() : undefined;
  if (dialect.header && !header) throw new UnreadableCsvError('NO_HEADER', 'The file holds no header row');
  if (dataset.schema) {
    if (header) checkHeader(dataset.schema, header);
    return { columns: dataset.schema, source: 'configured' };
  }
  const width = header?.length ?? records[0]?.length;
  if (width === undefined)
    throw new UnreadableCsvError('NO_HEADER', 'The file holds no row to name or type its columns');
  const names = header ? headerNames(header) : Array.from({ length: width }, (_, i) => `column_${i + 1}`);
  const inferred = inferColumns(names, records.slice(0, sampleRows), new Set(dialect.nullMarkers));
  return {
    ...(tableTypes === undefined ? { columns: inferred } : withTableTypes(inferred, tableTypes)),
    source: 'inferred',
  };
}
