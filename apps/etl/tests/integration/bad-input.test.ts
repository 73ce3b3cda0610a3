import { countByKind } from '@pipeline/lambda-kit';
import { cleanupTestBuckets, readBody } from '@pipeline/testing';
import Papa from 'papaparse';
import * as bad from '../fixtures/bad-inputs.js';
import { readParquet } from '../support/duckdb.js';
import { etlHarness, type EtlHarness } from '../support/harness.js';
import { sourceStem } from '../../src/keys.js';
import { listKeys, manifestOf, readJson, readText, rejectionOf, stemOf } from '../support/s3.js';

let h: EtlHarness;

beforeAll(async () => {
  h = await etlHarness();
});

afterAll(async () => {
  await cleanupTestBuckets(h.s3);
});

/** Ingests `body` as raw/sales/<name> and returns what came out for it. */
async function run(name: string, body: Buffer | string, dataset = 'sales') {
  const { uploaded, summary } = await h.ingest(`raw/${dataset}/${name}`, body);
  const stem = stemOf(uploaded.key, uploaded.eTag as string);
  const keys = await listKeys(h.s3, h.destination);
  const base = sourceStem(uploaded.key);
  const mine = keys.filter((key) => key.includes(`/${base}.`) || key.includes(`/${base}-`));
  const quarantine = async () =>
    Papa.parse<string[]>(
      (await readText(h.s3, h.destination, `rejected/${dataset}/${stem}.csv`)).trimEnd(),
    ).data.slice(1);
  const manifest = () => readJson(h.s3, h.destination, manifestOf(dataset, uploaded.key));
  const parquet = async (query = {}) =>
    readParquet(
      await readBody(h.s3, h.destination, mine.find((k) => k.endsWith('.parquet')) as string),
      query,
    );
  const rejection = () =>
    readJson<{ error: { code: string; name: string } }>(
      h.s3,
      h.destination,
      rejectionOf(dataset, uploaded.key),
    );
  return { summary, mine, quarantine, manifest, parquet, rejection };
}

describe('files that cannot be read at all are rejected whole, once, with a rejection record', () => {
  it.each([
    ['empty.csv', 'EMPTY_FILE', bad.emptyFile as Buffer | string],
    ['latin1.csv', 'NOT_UTF8', bad.latin1],
    ['truncated.csv.gz', 'BAD_GZIP', bad.truncatedGzip],
    ['binary.csv', 'NOT_CSV', bad.binary],
    ['wrong-header.csv', 'HEADER_MISMATCH', bad.wrongHeader],
  ])('%s is rejected with %s', async (name, code, body) => {
    const out = await run(name, body);
    expect(countByKind(out.summary.outcomes)).toEqual({ rejected: 1 });
    expect(out.mine.every((key) => key.startsWith('rejected/'))).toBe(true);
    expect(out.mine).toHaveLength(1);
    expect((await out.rejection()).error).toMatchObject({ code });
  });

  it('names the byte offset and line of bytes that are not UTF-8', async () => {
    const out = await run('latin1-2.csv', bad.latin1);
    expect((await out.rejection()).error).toMatchObject({
      name: 'CsvEncodingError',
      code: 'NOT_UTF8',
      message: `The file is not valid UTF-8: byte offset ${bad.latin1.indexOf(0xe9)}, line 2`,
    });
  });

  it('leaves no half-written upload behind after a mid-stream failure', async () => {
    await run('truncated-2.csv.gz', bad.truncatedGzip);
    expect(
      (await listKeys(h.s3, h.destination, 'curated/')).filter((key) => key.includes('truncated-2')),
    ).toEqual([]);
  });
});

describe('bad rows are quarantined with their line and reason, good rows go on', () => {
  it('a header-only file is no silent zero: it is rejected with NO_ROWS, and nothing else is left', async () => {
    const out = await run('header-only.csv', bad.headerOnly);
    expect(countByKind(out.summary.outcomes)).toEqual({ rejected: 1 });
    expect(out.mine).toEqual([expect.stringMatching(/^rejected\/sales\/header-only-.*\.rejection\.json$/)]);
    expect((await out.rejection()).error).toMatchObject({ code: 'NO_ROWS' });
  });

  it('a file whose rows are all quarantined still converts, with empty outputs and every row accounted for', async () => {
    const out = await run('all-bad.csv', `${bad.headerOnly}1,2\n3,4\n`);
    expect(countByKind(out.summary.outcomes)).toEqual({ written: 1 });
    expect((await out.manifest())['rows']).toEqual({ read: 2, written: 0, rejected: 2 });
    expect((await out.parquet()).count).toBe(0);
    // The NDJSON segments were all empty: the object is there, with no bytes.
    const ndjson = out.mine.find((k) => k.endsWith('.ndjson')) as string;
    expect(await readText(h.s3, h.destination, ndjson)).toBe('');
  });

  it('ragged rows (too few, too many fields)', async () => {
    const out = await run('ragged.csv', bad.raggedRows);
    expect((await out.quarantine()).map((r) => r.slice(0, 2))).toEqual([
      ['3', 'column_count'],
      ['4', 'column_count'],
    ]);
    expect((await out.quarantine())[0]?.[4]).toBe('2,Bob,Porto');
    expect((await out.parquet({ orderBy: 'id' })).rows.map((r) => r['id'])).toEqual(['1', '4']);
  });

  it('an unterminated quote at the end quarantines that last record only', async () => {
    const out = await run('unterminated.csv', bad.unterminatedQuoteAtEnd);
    expect((await out.quarantine()).map((r) => r.slice(0, 2))).toEqual([['4', 'unterminated_quote']]);
    expect((await out.manifest())['rows']).toEqual({ read: 3, written: 2, rejected: 1 });
  });

  it('mixed CRLF and LF line endings parse alike, line numbers count either, a quoted CRLF stays CRLF', async () => {
    const out = await run('mixed.csv', bad.mixedLineEndings);
    expect((await out.quarantine()).map((r) => r.slice(0, 3))).toEqual([['6', 'missing_required', 'name']]);
    const parquet = await out.parquet({ orderBy: 'id' });
    expect(parquet.rows.map((r) => r['id'])).toEqual(['1', '2', '3', '5']);
    expect(parquet.rows[1]?.['note']).toBe('two\r\nlines');
    expect(parquet.rows.filter((r) => String(r['note']).includes('\r'))).toHaveLength(1);
  });

  it('a quote inside an unquoted field is data, and later lines still count right', async () => {
    const out = await run('stray-quote.csv', bad.strayQuote);
    expect((await out.quarantine()).map((r) => r.slice(0, 3))).toEqual([
      ['5', 'column_count', ''],
      ['7', 'invalid_value', 'id'],
    ]);
    expect((await out.quarantine())[1]?.[4]).toBe(`x${bad.goodRow(5)}`);
    const parquet = await out.parquet({ orderBy: 'id' });
    expect(parquet.rows.map((r) => r['note'])).toEqual([
      'say "hi" there',
      'quoted, with "escapes" and\nnewline',
      'ok',
      'ok',
    ]);
  });

  it('a UTF-8 BOM is not part of the first column name', async () => {
    const out = await run('bom.csv', bad.withBom);
    expect(countByKind(out.summary.outcomes)).toEqual({ written: 1 });
    expect((await out.parquet()).count).toBe(1);
  });

  it('a gzipped CSV is read through', async () => {
    const out = await run('zipped.csv.gz', bad.gzipped);
    expect((await out.manifest())['rows']).toEqual({ read: 2, written: 2, rejected: 0 });
    expect(
      out.mine.some((key) => key.endsWith('/zipped-' + key.split('zipped-')[1]?.split('.')[0] + '.parquet')),
    ).toBe(true);
  });
});
