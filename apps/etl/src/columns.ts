/**
 * The columns a file is read with: the configured schema (its header checked against it), or
 * names from the header and types inferred from a sample of the first rows.
 */
import Papa from 'papaparse';
import type { ColumnSpec, DatasetSpec, Dialect } from './dataset-config.js';
import { UnreadableCsvError } from './errors.js';
import { headerNames, inferColumns } from './infer.js';

export interface ResolvedColumns {
  readonly columns: readonly ColumnSpec[];
  readonly source: 'configured' | 'inferred';
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
  return {
    columns: inferColumns(names, records.slice(0, sampleRows), new Set(dialect.nullMarkers)),
    source: 'inferred',
  };
}
