/**
 * NDJSON rendering: one JSON object per good row, keys in schema order. Values keep their
 * exactness: 64-bit ints and decimals are written as JSON numbers from their digits (never
 * through a double), negative zero stays -0.0, dates are "YYYY-MM-DD" and timestamps ISO 8601 UTC
 * with microseconds.
 */
import type { ColumnSpec } from '../../src/dataset-config.js';
import type { Value } from '../../src/convert.js';

type Render = (value: Exclude<Value, null>) => string;

const MS_PER_DAY = 86_400_000;

function renderFloat(value: Exclude<Value, null>): string {
  return Object.is(value, -0) ? '-0.0' : String(value);
}

function renderDate(value: Exclude<Value, null>): string {
  return `"${isoDate(new Date((value as number) * MS_PER_DAY))}"`;
}

function isoDate(date: Date): string {
  const year = date.getUTCFullYear();
  const y =
    year < 0
      ? `-${String(-year).padStart(6, '0')}`
      : year > 9999
        ? `+${year}`
        : String(year).padStart(4, '0');
  return `${y}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

function renderTimestamp(value: Exclude<Value, null>): string {
  const micros = value as bigint;
  let ms = micros / 1000n;
  let sub = micros % 1000n;
  if (sub < 0n) {
    sub += 1000n;
    ms -= 1n;
  }
  const date = new Date(Number(ms));
  const time = date.toISOString().slice(11, 23);
  return `"${isoDate(date)}T${time}${String(sub).padStart(3, '0')}Z"`;
}

function decimalRenderer(scale: number): Render {
  return (value) => {
    const unscaled = value as bigint;
    if (scale === 0) return unscaled.toString();
    const digits = (unscaled < 0n ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
    const sign = unscaled < 0n ? '-' : '';
    return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  };
}

function rendererFor(column: ColumnSpec): Render {
  switch (column.type) {
    case 'string':
      return (value) => JSON.stringify(value);
    case 'int':
    case 'bool':
      return String;
    case 'float':
      return renderFloat;
    case 'date':
      return renderDate;
    case 'timestamp':
      return renderTimestamp;
    case 'decimal':
      return decimalRenderer(column.scale ?? 0);
  }
}

/** Builds the function that renders one converted row as an NDJSON line (with its newline). */
export function ndjsonRowRenderer(columns: readonly ColumnSpec[]): (row: readonly Value[]) => string {
  const keys = columns.map((column, i) => `${i === 0 ? '{' : ','}${JSON.stringify(column.name)}:`);
  const renderers = columns.map(rendererFor);
  return (row) => {
    let line = '';
    for (let i = 0; i < keys.length; i += 1) {
      const value = row[i] ?? null;
      line += keys[i] + (value === null ? 'null' : (renderers[i] as Render)(value));
    }
    return `${line}}\n`;
  };
}
