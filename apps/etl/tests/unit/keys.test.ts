import { createHash } from 'node:crypto';
import { manifestKey, outputKeys, shortEtag, sourceName, sourceStem } from '../../src/keys.js';

const tag = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 8);

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
    const stem = `a-${tag('raw/s/a.csv')}`;
    expect(keys).toEqual({
      parquet: `c/s/ingest_date=2024-03-05/${stem}-abcdef012345.parquet`,
      // Beside the table's folder: Athena reads every file under c/s/ as Parquet.
      ndjson: `c/_ndjson/s/ingest_date=2024-03-05/${stem}-abcdef012345.ndjson`,
      rejectedRows: `r/s/${stem}-abcdef012345.csv`,
      // One manifest per source key, whatever its version: it names the current version's outputs.
      manifest: `c/_manifests/s/${stem}.json`,
    });
  });

  it('keep same-named files of other folders apart, and every version of one key under one manifest', () => {
    expect(sourceStem('raw/s/2024/a.csv')).not.toBe(sourceStem('raw/s/2025/a.csv'));
    const at = (eTag: string) =>
      outputKeys(
        { key: 'raw/s/a.csv', eTag, lastModified: new Date(0) },
        { name: 's' },
        { curated: 'c/', rejected: 'r/' },
      );
    expect(at('111111111111').parquet).not.toBe(at('222222222222').parquet);
    expect(at('111111111111').manifest).toBe(manifestKey('raw/s/a.csv', { name: 's' }, { curated: 'c/' }));
  });

  it("are what the README's key layout shows", () => {
    const keys = outputKeys(
      {
        key: 'raw/sales/2024/orders jan.csv',
        eTag: '0123456789abcdef',
        lastModified: new Date('2024-03-05T12:00:00Z'),
      },
      { name: 'sales' },
      { curated: 'curated/', rejected: 'rejected/' },
    );
    expect(keys.parquet).toBe(
      'curated/sales/ingest_date=2024-03-05/orders jan-71cf58fb-0123456789ab.parquet',
    );
    expect(keys.manifest).toBe('curated/_manifests/sales/orders jan-71cf58fb.json');
  });
});
