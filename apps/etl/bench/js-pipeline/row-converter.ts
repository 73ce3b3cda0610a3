/**
 * Row validation and conversion against the dataset's columns: field count, null markers,
 * required values, then each column's converter. The first problem found rejects the row.
 */
import { converterFor, INVALID, type Converter, type Value } from '../../src/convert.js';
import type { ColumnSpec } from '../../src/dataset-config.js';
import type { RejectReason } from '../../src/quarantine.js';

export interface RowRejection {
  readonly reason: RejectReason;
  readonly column?: string;
  readonly message: string;
}

export type ConvertRow = (fields: readonly string[]) => Value[] | RowRejection;

function clip(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}

/** Builds the converter of whole rows; it returns the typed values, or why the row is bad. */
export function rowConverter(columns: readonly ColumnSpec[], nullMarkers: ReadonlySet<string>): ConvertRow {
  const converters: Converter[] = columns.map((column) => converterFor(column));
  const width = columns.length;
  return (fields) => {
    if (fields.length !== width) {
      return { reason: 'column_count', message: `expected ${width} fields but found ${fields.length}` };
    }
    const values: Value[] = new Array<Value>(width);
    for (let i = 0; i < width; i += 1) {
      const raw = fields[i] as string;
      const column = columns[i] as ColumnSpec;
      if (nullMarkers.has(raw)) {
        if (column.required)
          return { reason: 'missing_required', column: column.name, message: `${column.name} is required` };
        values[i] = null;
        continue;
      }
      const value = (converters[i] as Converter)(raw);
      if (value === INVALID) {
        return {
          reason: 'invalid_value',
          column: column.name,
          message: `${JSON.stringify(clip(raw))} is not a valid ${column.type}`,
        };
      }
      values[i] = value;
    }
    return values;
  };
}

export function isRejection(outcome: Value[] | RowRejection): outcome is RowRejection {
  return !Array.isArray(outcome);
}
