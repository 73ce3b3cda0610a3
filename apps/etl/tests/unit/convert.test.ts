import { converterFor, INVALID } from '../../src/convert.js';
import type { ColumnSpec, ColumnType } from '../../src/dataset-config.js';

const column = (type: ColumnType, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name: 'c',
  type,
  required: false,
  ...extra,
});
const convert = (type: ColumnType, raw: string, extra: Partial<ColumnSpec> = {}) =>
  converterFor(column(type, extra))(raw);

describe('column converters', () => {
  it.each([
    ['int', '9223372036854775807', 9223372036854775807n],
    ['int', '-9223372036854775808', -9223372036854775808n],
    ['int', '+007', 7n],
    ['int', '9223372036854775808', INVALID],
    ['int', '1.5', INVALID],
    ['int', '1e3', INVALID],
    ['float', '-0.0', -0],
    ['float', '1e-3', 0.001],
    ['float', '.5', 0.5],
    ['float', 'NaN', INVALID],
    ['float', '1e999', INVALID],
    ['bool', 'YES', true],
    ['bool', '0', false],
    ['bool', 'maybe', INVALID],
    ['date', '1969-12-31', -1],
    ['date', '2024-02-29', 19782],
    ['date', '2023-02-29', INVALID],
    ['date', '2024-1-1', INVALID],
    ['timestamp', '1970-01-01T00:00:00.000001Z', 1n],
    ['timestamp', '1969-12-31 23:59:59', -1_000_000n],
    ['timestamp', '2024-01-01T02:00:00+02:00', 1704067200000000n],
    ['timestamp', '2024-01-01T24:00:00', INVALID],
    ['string', '', ''],
  ] as const)('%s %j -> %p', (type, raw, expected) => {
    expect(convert(type, raw)).toEqual(expected);
  });

  it.each([
    ['12.5', 1250n],
    ['-0.01', -1n],
    ['.5', 50n],
    ['12.345', INVALID],
    ['123456789.12', INVALID],
    ['1234567.12', 123456712n],
    ['-', INVALID],
  ])('decimal(9,2) %j -> %p', (raw, expected) => {
    expect(convert('decimal', raw, { precision: 9, scale: 2 })).toEqual(expected);
  });
});
