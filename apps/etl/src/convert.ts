/**
 * Typed row conversion: one converter per column turns the raw CSV text into the value the
 * writers take, or reports why it cannot. Converters return a sentinel instead of throwing:
 * they run for every value of every row.
 */
import type { ColumnSpec, ColumnType } from './dataset-config.js';

/** A converted value: string, bigint (int, timestamp micros, unscaled decimal), number (float, date days), boolean, or null. */
export type Value = string | number | bigint | boolean | null;

/** Returned by a converter when the text does not parse to the column's type. */
export const INVALID: unique symbol = Symbol('invalid');
export type Converter = (raw: string) => Exclude<Value, null> | typeof INVALID;

const INT = /^[+-]?\d{1,19}$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MS_PER_DAY = 86_400_000;
const BOOLS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['t', true],
  ['yes', true],
  ['y', true],
  ['1', true],
  ['false', false],
  ['f', false],
  ['no', false],
  ['n', false],
  ['0', false],
]);

function toInt(raw: string): bigint | typeof INVALID {
  if (!INT.test(raw)) return INVALID;
  const value = BigInt(raw);
  return value < INT64_MIN || value > INT64_MAX ? INVALID : value;
}

function toFloat(raw: string): number | typeof INVALID {
  if (!FLOAT.test(raw)) return INVALID;
  const value = Number(raw);
  return Number.isFinite(value) ? value : INVALID;
}

function toBool(raw: string): boolean | typeof INVALID {
  return BOOLS.get(raw.toLowerCase()) ?? INVALID;
}

/** Milliseconds since the epoch of a calendar date, or INVALID when it does not exist (Feb 30). */
function utcDate(y: number, m: number, d: number): number | typeof INVALID {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return INVALID;
  return date.getTime();
}

function toDate(raw: string): number | typeof INVALID {
  const match = DATE.exec(raw);
  if (!match) return INVALID;
  const ms = utcDate(Number(match[1]), Number(match[2]), Number(match[3]));
  return ms === INVALID ? INVALID : ms / MS_PER_DAY;
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return zone.startsWith('-') ? -minutes : minutes;
}

/** Microseconds since the epoch, UTC; a time without an offset is taken as UTC. */
function toTimestamp(raw: string): bigint | typeof INVALID {
  const m = TIMESTAMP.exec(raw);
  if (!m) return INVALID;
  const day = utcDate(Number(m[1]), Number(m[2]), Number(m[3]));
  const [hh, mm, ss] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (day === INVALID || hh > 23 || mm > 59 || ss > 59) return INVALID;
  const ms = day + ((hh * 60 + mm - offsetMinutes(m[8])) * 60 + ss) * 1000;
  return BigInt(ms) * 1000n + BigInt((m[7] ?? '').padEnd(6, '0'));
}

function decimalConverter(precision: number, scale: number): Converter {
  return (raw) => {
    const m = DECIMAL.exec(raw);
    const whole = m?.[2] ?? '';
    const fraction = m?.[3] ?? '';
    if (!m || (whole === '' && fraction === '') || fraction.length > scale) return INVALID;
    const digits = `${whole}${fraction.padEnd(scale, '0')}`.replace(/^0+(?=\d)/, '');
    if (digits.length > precision) return INVALID;
    return BigInt(`${m[1]}${digits}`);
  };
}

const CONVERTERS: Readonly<Record<Exclude<ColumnType, 'decimal'>, Converter>> = {
  string: (raw) => raw,
  int: toInt,
  float: toFloat,
  bool: toBool,
  date: toDate,
  timestamp: toTimestamp,
};

/**
 * Which rules convert a column's text: `configured` (a schema said the type: the rules of the type
 * table) or `inferred` (no schema: only text that the type keeps exactly, so a zip code `08123`, a
 * `+44` phone prefix or a `Y`/`N` flag stays text).
 */
export type Rules = 'configured' | 'inferred';

/** Inferred int: no sign but `-`, no leading zero (`0` itself is fine). */
const INFERRED_INT = /^(0|-?[1-9]\d{0,18})$/;
/** Inferred float: the same integer part (or `0`), then a fraction and/or exponent. */
const INFERRED_FLOAT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
/** Significant digits a double keeps exactly. */
const INFERRED_FLOAT_DIGITS = 15;
const INFERRED_BOOL = /^(true|false)$/i;

const mantissaDigits = (raw: string): number => raw.split(/[eE]/)[0]?.replace(/[^0-9]/g, '').length ?? 0;

const INFERRED: Readonly<Partial<Record<ColumnType, Converter>>> = {
  int: (raw) => (INFERRED_INT.test(raw) ? toInt(raw) : INVALID),
  float: (raw) =>
    INFERRED_FLOAT.test(raw) && mantissaDigits(raw) <= INFERRED_FLOAT_DIGITS ? toFloat(raw) : INVALID,
  bool: (raw) => (INFERRED_BOOL.test(raw) ? toBool(raw) : INVALID),
};

/** The converter for one column under `rules`. */
export function converterFor(column: ColumnSpec, rules: Rules = 'configured'): Converter {
  if (column.type === 'decimal') return decimalConverter(column.precision ?? 18, column.scale ?? 0);
  return (rules === 'inferred' ? INFERRED[column.type] : undefined) ?? CONVERTERS[column.type];
}

const RULE_TEXT: Readonly<
  Record<Rules, Readonly<Record<Exclude<ColumnType, 'decimal' | 'string'>, string>>>
> = {
  configured: {
    int: 'digits with an optional sign, within int64',
    float: 'a finite decimal or exponent number',
    bool: 'true/false, t/f, yes/no, y/n or 1/0',
    date: 'a calendar date YYYY-MM-DD',
    timestamp: 'YYYY-MM-DD[T ]HH:MM[:SS[.ffffff]][Z|±HH:MM]',
  },
  inferred: {
    int: 'digits with no leading zero and no + sign, within int64',
    float: `a finite number with no leading zero or + sign and at most ${INFERRED_FLOAT_DIGITS} digits`,
    bool: 'true or false',
    date: 'a calendar date YYYY-MM-DD',
    timestamp: 'YYYY-MM-DD[T ]HH:MM[:SS[.ffffff]][Z|±HH:MM]',
  },
};

/** The rule a column's values must meet, in words (quarantine messages name it). */
export function ruleText(column: ColumnSpec, rules: Rules): string {
  if (column.type === 'string') return 'any text';
  if (column.type === 'decimal')
    return `a decimal number with at most ${column.scale ?? 0} fraction digits and ${column.precision ?? 18} digits in all`;
  return RULE_TEXT[rules][column.type];
}
