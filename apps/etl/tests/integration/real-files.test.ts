import { countByKind } from '@pipeline/lambda-kit';
import { cleanupTestBuckets, readBody } from '@pipeline/testing';
import Papa from 'papaparse';
import * as files from '../fixtures/real-files.js';
import { dropTable } from '../support/catalog.js';
import { readParquet } from '../support/duckdb.js';
import { etlHarness, TEST_DATASETS, type EtlHarness } from '../support/harness.js';
import { sourceStem } from '../../src/keys.js';
import { listKeys, manifestOf, readJson, readText, rejectionOf, stemOf } from '../support/s3.js';

let h: EtlHarness;

const DATASETS = [
  ...TEST_DATASETS,
  { name: 'text', prefix: 'raw/text', parse: { nullMarkers: [] } },
  { name: 'latin', prefix: 'raw/latin', parse: { encoding: 'windows-1252' } },
  { name: 'quoted', prefix: 'raw/quoted', parse: { quote: "'", escape: '\\', delimiter: ';' } },
];

beforeAll(async () => {
  // The ratio guard is checked from 64 MiB inflated: MAX_EXPANDED_BYTES stops this test's smaller bomb first.
  h = await etlHarness({ DATASETS: JSON.stringify(DATASETS), MAX_EXPANDED_BYTES: String(8 * 1024 * 1024) });
});

afterAll(async () => {
  await cleanupTestBuckets(h.s3);
});

/**
 * Ingests `body` under raw/<dataset>/<name> and reads back what came out for it. Each file here stands
 * alone: its dataset's Glue table is dropped first, so the file is read as a dataset's first file (by
 * inference alone), not with the columns and types an unrelated earlier file left in the table.
 */
async function run(dataset: string, name: string, body: Buffer | string) {
  const key = `raw/${dataset}/${name}`;
  await dropTable(h.database, dataset);
  const { uploaded, summary } = await h.ingest(key, body);
  const stem = stemOf(key, uploaded.eTag as string);
  // Everything this source key has written: its version's outputs, its manifest, its rejection record.
  const keys = (await listKeys(h.s3, h.destination)).filter((k) => k.includes(`/${sourceStem(key)}`));
  const find = (suffix: string) => keys.find((k) => k.endsWith(suffix) && k.includes(`/${stem}.`)) as string;
  return {
    summary,
    keys,
    ndjson: async () =>
      (await readText(h.s3, h.destination, find('.ndjson')))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    parquet: async () => readParquet(await readBody(h.s3, h.destination, find('.parquet'))),
    manifest: () =>
      readJson<{ rows: unknown; schemaUsed: { columns: { name: string; type: string }[] } }>(
        h.s3,
        h.destination,
        manifestOf(dataset, key),
      ),
    quarantine: async () =>
      Papa.parse<string[]>((await readText(h.s3, h.destination, find('.csv'))).trimEnd()).data.slice(1),
    rejection: () =>
      readJson<{ error: { code: string; message: string } }>(h.s3, h.destination, rejectionOf(dataset, key)),
  };
}

describe('the files of the issue', () => {
  it('a CR-only file is read as such: two rows, not a header that swallowed the data', async () => {
    const out = await run('loose', 'mac.csv', files.crOnly);
    expect(countByKind(out.summary.outcomes)).toEqual({ written: 1 });
    expect((await out.manifest()).rows).toEqual({ read: 2, written: 2, rejected: 0 });
    expect(await out.ndjson()).toEqual([
      { id: 1, name: 'alice' },
      { id: 2, name: 'bob' },
    ]);
  });

  it('a CRLF inside a quoted field reaches the outputs as CRLF', async () => {
    const out = await run('text', 'story.csv', files.crlfInQuotes);
    expect((await out.ndjson())[1]).toEqual({ a: 'Once upon \r\na time', b: 5, c: 6 });
    expect((await out.parquet()).rows[1]?.['a']).toBe('Once upon \r\na time');
  });

  it('inference keeps a zip code with a leading zero and a Y/N column as text', async () => {
    const out = await run('loose', 'members.csv', files.zipAndFlags);
    expect((await out.manifest()).schemaUsed.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'zip:string',
      'member:string',
      'count:int',
    ]);
    expect((await out.ndjson())[0]).toEqual({ zip: '08123', member: 'Y', count: 1 });
  });

  it('a record of 31 fields under a 4-column header is quarantined with its real field count', async () => {
    const out = await run('loose', 'wide.csv', files.wideRecord);
    expect(await out.quarantine()).toEqual([
      [
        '3',
        'column_count',
        '',
        'expected 4 fields, found 31',
        Array.from({ length: 31 }, (_, i) => i).join(','),
      ],
    ]);
  });

  it('a gzip that inflates past MAX_EXPANDED_BYTES is rejected TOO_LARGE, with the limit and how to raise it', async () => {
    const bomb = files.gzipBomb();
    expect(bomb.length).toBeLessThan(25_000);
    const out = await run('loose', 'bomb.csv.gz', bomb);
    expect(countByKind(out.summary.outcomes)).toEqual({ rejected: 1 });
    expect(out.keys).toHaveLength(1);
    const { error } = await out.rejection();
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toContain(`MAX_EXPANDED_BYTES=${8 * 1024 * 1024}`);
    expect(error.message).toMatch(/Raise it/);
    expect(await listKeys(h.s3, h.destination, 'curated/loose/')).not.toContainEqual(
      expect.stringContaining('bomb'),
    );
  });
});

describe('dialects people have', () => {
  it('mixed line endings: each ends a record outside quotes, a CR inside one stays', async () => {
    const out = await run('text', 'mixed.csv', files.mixedEndings);
    expect(await out.ndjson()).toEqual([
      { id: 1, note: 'x\ry' },
      { id: 2, note: 'plain' },
      { id: 3, note: 'last' },
    ]);
  });

  it('a UTF-16 tab-separated export (.tsv) is read by its byte order mark and its extension', async () => {
    const out = await run('text', 'cities.tsv', files.utf16Tsv);
    expect(await out.ndjson()).toEqual([
      { city: 'Zürich', count: 3 },
      { city: '東京', count: 5 },
    ]);
  });

  it('a windows-1252 export, declared, keeps its accents, euro sign and quotes', async () => {
    const out = await run('latin', 'prices.csv', files.windows1252);
    expect(await out.ndjson()).toEqual([
      { name: 'Café', price: '5 €' },
      { name: 'O’Neill', price: '7' },
    ]);
  });

  it('quote and escape characters of the dataset', async () => {
    const out = await run('quoted', 'single.csv', "a;b\n1;'it\\'s; fine'\n2;plain\n");
    expect(await out.ndjson()).toEqual([
      { a: 1, b: "it's; fine" },
      { a: 2, b: 'plain' },
    ]);
  });
});

describe('limits', () => {
  it('an object over MAX_INPUT_BYTES is refused from the event size, before any download', async () => {
    const small = await etlHarness({ DATASETS: JSON.stringify(DATASETS), MAX_INPUT_BYTES: '10' });
    const { summary } = await small.ingest('raw/loose/big.csv', 'a,b\n1,2\n3,4\n');
    expect(countByKind(summary.outcomes)).toEqual({ rejected: 1 });
    const [key] = await listKeys(small.s3, small.destination);
    const record = await readJson<{ error: { code: string; message: string } }>(
      small.s3,
      small.destination,
      key as string,
    );
    expect(record.error).toMatchObject({ code: 'TOO_LARGE' });
    expect(record.error.message).toContain('MAX_INPUT_BYTES=10');
  });
});
