import { converterFor, INVALID } from '../../src/convert.js';
import type { ColumnSpec, ColumnType } from '../../src/dataset-config.js';
import { ndjsonRowRenderer } from '../../src/ndjson.js';
import { rowConverter } from '../../src/row-converter.js';

const column = (type: ColumnType, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name: 'c', type, required: false, ...extra });
const convert = (type: ColumnType, raw: string, extra: Partial<ColumnSpec> = {}) => converterFor(column(type, extra))(raw);

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

describe('rows', () => {
  const columns = [column('int', { name: 'id', required: true }), column('string', { name: 's' }), column('decimal', { name: 'p', scale: 2, precision: 9 })];
  const row = rowConverter(columns, new Set(['', 'NA']));

  it('converts, maps null markers to null, and reports the first problem', () => {
    expect(row(['1', 'NA', '2.5'])).toEqual([1n, null, 250n]);
    expect(row(['', 'x', '1'])).toEqual({ reason: 'missing_required', column: 'id', message: 'id is required' });
    expect(row(['1', 'x'])).toEqual({ reason: 'column_count', message: 'expected 3 fields but found 2' });
    expect(row(['x', 'x', '1'])).toMatchObject({ reason: 'invalid_value', column: 'id' });
  });

  it('renders NDJSON keeping exact digits, -0.0, dates and UTC microsecond timestamps', () => {
    const specs = [column('int', { name: 'i' }), column('float', { name: 'f' }), column('date', { name: 'd' }), column('timestamp', { name: 't' }), column('decimal', { name: 'p', scale: 3 })];
    const render = ndjsonRowRenderer(specs);
    expect(render([-9223372036854775808n, -0, -719528, -1n, -5n])).toBe(
      '{"i":-9223372036854775808,"f":-0.0,"d":"0000-01-01","t":"1969-12-31T23:59:59.999999Z","p":-0.005}\n',
    );
    expect(render([null, null, null, null, null])).toBe('{"i":null,"f":null,"d":null,"t":null,"p":null}\n');
  });
});
