import { outputKeys, shortEtag, sourceName } from '../../src/keys.js';

describe('output keys', () => {
  it('derive from the source identity only', () => {
    expect(sourceName('raw/sales/2024/Orders Jan.CSV.gz')).toBe('Orders Jan');
    expect(sourceName('raw/sales/export.tsv')).toBe('export');
    expect(shortEtag('"0123456789abcdef0123-12"')).toBe('0123456789ab');
    const keys = outputKeys(
      { key: 'raw/s/a.csv', eTag: 'abcdef0123456789', lastModified: new Date('2024-03-05T23:59:00Z') },
      { name: 's' },
      { curated: 'c/', rejected: 'r/' },
    );
    expect(keys).toEqual({
      parquet: 'c/s/ingest_date=2024-03-05/a-abcdef012345.parquet',
      ndjson: 'c/s/ingest_date=2024-03-05/a-abcdef012345.ndjson',
      rejectedRows: 'r/s/a-abcdef012345.csv',
      manifest: 'c/_manifests/s/a-abcdef012345.json',
    });
  });
});
