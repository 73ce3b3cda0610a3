import {
  COLUMN_TYPES,
  curatedTableInput,
  validateDatasets,
  columnTypeOfGlue,
  glueTableName,
  glueTypeOf,
  type ColumnTypeSpec,
} from '../src/index.js';

describe('the Glue types of the contract', () => {
  it('names each column type as the Parquet type etl writes it', () => {
    expect(
      Object.fromEntries(COLUMN_TYPES.map((type) => [type, glueTypeOf({ type, precision: 12, scale: 2 })])),
    ).toEqual({
      string: 'string',
      int: 'bigint',
      float: 'double',
      bool: 'boolean',
      date: 'date',
      timestamp: 'timestamp',
      decimal: 'decimal(12,2)',
    });
    expect(glueTypeOf({ type: 'decimal', scale: 0 })).toBe('decimal(18,0)');
  });

  it('reads back every type it names, and nothing else', () => {
    const specs: ColumnTypeSpec[] = [
      ...COLUMN_TYPES.filter((t) => t !== 'decimal').map((type) => ({ type })),
      { type: 'decimal', precision: 12, scale: 2 },
    ];
    for (const spec of specs) expect(columnTypeOfGlue(glueTypeOf(spec))).toEqual(spec);
    expect(columnTypeOfGlue(' BIGINT ')).toEqual({ type: 'int' });
    for (const other of ['int', 'varchar(10)', 'array<string>', 'decimal(38,2)', 'decimal(2,3)', 'float'])
      expect(columnTypeOfGlue(other)).toBeUndefined();
  });

  it('names tables without dashes', () => {
    expect(glueTableName('web-events')).toBe('web_events');
    expect(() =>
      validateDatasets([
        { name: 'web-events', prefix: 'raw/a' },
        { name: 'web_events', prefix: 'raw/b' },
      ]),
    ).toThrow('whose Glue table is not "web-events"\'s');
  });
});

describe('a curated table', () => {
  it('is external Parquet, partitioned by ingest_date with partition projection over its location', () => {
    const table = curatedTableInput({
      name: 'orders',
      location: 's3://b/etl/curated/orders/',
      columns: [{ name: 'id', type: 'bigint' }],
      partitionsFrom: '2026-01-01',
    });
    expect(table.PartitionKeys).toEqual([{ Name: 'ingest_date', Type: 'date' }]);
    expect(table.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.ingest_date.type': 'date',
      'projection.ingest_date.format': 'yyyy-MM-dd',
      'projection.ingest_date.range': '2026-01-01,NOW',
      'storage.location.template': 's3://b/etl/curated/orders/ingest_date=${ingest_date}/',
    });
    expect(table.StorageDescriptor.Columns).toEqual([{ Name: 'id', Type: 'bigint' }]);
  });
});
