import { gzipSync } from 'node:zlib';
import { csvText } from '../../src/decode.js';
import { UnreadableCsvError } from '../../src/errors.js';
import { outputKeys, shortEtag, sourceName } from '../../src/keys.js';

async function* chunks(...parts: (Buffer | string)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part) : part;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

const text = async (gzipped: boolean, ...parts: (Buffer | string)[]) =>
  (await collect(csvText(chunks(...parts), gzipped))).join('');
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'none',
    (error: unknown) => (error instanceof UnreadableCsvError ? error.code : String(error)),
  );

describe('csvText', () => {
  it('drops the BOM, normalizes CRLF split across chunks, and joins a character split across chunks', async () => {
    const e = Buffer.from('é');
    expect(
      await text(
        false,
        Buffer.from([0xef, 0xbb, 0xbf]),
        'a\r',
        '\nb',
        e.subarray(0, 1),
        Buffer.concat([e.subarray(1), Buffer.from('\r\n')]),
      ),
    ).toBe('a\nbé\n');
  });

  it.each([
    ['empty', [Buffer.alloc(0)], false, 'EMPTY_FILE'],
    ['Latin-1', [Buffer.from('caf\xe9', 'latin1')], false, 'NOT_UTF8'],
    ['NUL bytes', ['a\0b'], false, 'NOT_CSV'],
    ['truncated gzip', [gzipSync(Buffer.from('a,b\n'.repeat(1000))).subarray(0, 40)], true, 'BAD_GZIP'],
    ['not gzip at all', ['a,b\n'], true, 'BAD_GZIP'],
  ] as const)('rejects %s input', async (_name, parts, gzipped, code) => {
    expect(await codeOf(text(gzipped, ...parts))).toBe(code);
  });
});

describe('output keys', () => {
  it('derive from the source identity only', () => {
    expect(sourceName('raw/sales/2024/Orders Jan.CSV.gz')).toBe('Orders Jan');
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
      rejection: 'r/s/a-abcdef012345.rejection.json',
    });
  });
});
