import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_PARSE, dialectFor, type Encoding } from '../../src/dataset-config.js';
import { stageCsv } from '../../src/engine/stage.js';
import { CsvEncodingError, TooLargeError, UnreadableCsvError } from '../../src/errors.js';
import type { ByteLimits } from '../../src/limits.js';

let dir: string;
let files = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etl-stage-'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const NO_LIMITS: ByteLimits = { maxInputBytes: Infinity, maxExpandedBytes: Infinity, maxGzipRatio: 400 };

async function* chunks(...parts: (Buffer | string)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part) : part;
}

interface Options {
  gzipped?: boolean;
  encoding?: Encoding;
  limits?: ByteLimits;
  quote?: string;
  escape?: string;
}

async function staged(parts: (Buffer | string)[], options: Options = {}): Promise<string> {
  const path = join(dir, `s${(files += 1)}.csv`);
  const dialect = dialectFor(
    { ...DEFAULT_PARSE, quote: options.quote ?? '"', escape: options.escape ?? options.quote ?? '"' },
    'x.csv',
  );
  await stageCsv(chunks(...parts), path, {
    decode: {
      gzipped: options.gzipped ?? false,
      encoding: options.encoding ?? 'utf-8',
      limits: options.limits ?? NO_LIMITS,
    },
    dialect,
  });
  return readFile(path, 'utf8');
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('staging: line breaks outside quoted fields become LF, the bytes of a field stay', () => {
  it.each([
    ['LF', ['a,b\n1,"x\r\ny"\n']],
    ['CRLF', ['a,b\r\n1,"x\r\ny"\r\n']],
    ['CR only', ['a,b\r1,"x\r\ny"\r']],
    ['mixed', ['a,b\r\n1,"x\r\ny"\r']],
    ['CRLF split across chunks', ['a,b\r', '\n1,"x\r', '\ny"\r', '\n']],
    ['the first CR late in the file', ['a,b\n', '1,"x\r\ny"\r\n']],
  ])('%s', async (_name, parts) => {
    expect(await staged(parts)).toBe('a,b\n1,"x\r\ny"\n');
  });

  it('keeps a quote inside an unquoted field as data, and a doubled quote inside a quoted one', async () => {
    expect(await staged(['a,b\r\n1,say "hi"\r\n2,"q ""\r"" z"\r\n'])).toBe(
      'a,b\n1,say "hi"\n2,"q ""\r"" z"\n',
    );
  });

  it('follows the dataset quote and escape characters', async () => {
    expect(await staged(["a,b\r\n1,'it\\'s\r\nfine'\r\n"], { quote: "'", escape: '\\' })).toBe(
      "a,b\n1,'it\\'s\r\nfine'\n",
    );
  });
});

describe('staging: encodings', () => {
  const text = 'a,b\n1,café ʤ €\n';

  it.each([
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8'],
    [
      'UTF-16 LE with a BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'utf-16',
    ],
    [
      'UTF-16 LE, declared utf-8 (the BOM decides)',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'utf-8',
    ],
    [
      'UTF-16 BE with a BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
      'utf-16',
    ],
    [
      'windows-1252',
      Buffer.from([...Buffer.from('a,b\n1,caf'), 0xe9, 0x20, ...Buffer.from('ʤ', 'utf8'), 0x20, 0x80, 0x0a]),
      'windows-1252',
    ],
  ] as const)('%s', async (_name, body, encoding) => {
    const out = await staged([body.subarray(0, 5), body.subarray(5)], { encoding });
    expect(out).toBe(encoding === 'windows-1252' ? 'a,b\n1,café Ê¤ €\n' : text);
  });

  it('latin1 is ISO-8859-1 exactly (0x80 is U+0080, not €)', async () => {
    expect(await staged([Buffer.from([0x61, 0x0a, 0xe9, 0x80, 0x0a])], { encoding: 'latin1' })).toBe(
      'a\né\u0080\n',
    );
  });

  it('names the byte offset and line of bytes that are not UTF-8', async () => {
    const error = await failure(staged(['a,b\r\n1,ok\r\n', Buffer.from('2,caf\xe9\n', 'latin1')]));
    expect(error).toBeInstanceOf(CsvEncodingError);
    expect(error).toMatchObject({ code: 'NOT_UTF8', offset: 16, line: 3 });
    expect((error as Error).message).toBe('The file is not valid UTF-8: byte offset 16, line 3');
  });

  it('refuses UTF-16 without a byte order mark', async () => {
    expect(await failure(staged([Buffer.from('a,b\n', 'utf16le')], { encoding: 'utf-16' }))).toMatchObject({
      code: 'NOT_UTF16',
    });
  });

  it.each([
    ['empty', [Buffer.alloc(0)], false, 'EMPTY_FILE'],
    ['only a BOM', [Buffer.from([0xef, 0xbb, 0xbf])], false, 'EMPTY_FILE'],
    ['NUL bytes', ['a\0b'], false, 'NOT_CSV'],
    ['truncated gzip', [gzipSync(Buffer.from('a,b\n'.repeat(1000))).subarray(0, 40)], true, 'BAD_GZIP'],
    ['not gzip at all', ['a,b\n'], true, 'BAD_GZIP'],
  ] as const)('rejects %s input', async (_name, parts, gzipped, code) => {
    const error = await failure(staged([...parts], { gzipped }));
    expect(error).toBeInstanceOf(UnreadableCsvError);
    expect(error).toMatchObject({ code });
  });
});

describe('staging: limits', () => {
  it('stops a stream past MAX_INPUT_BYTES', async () => {
    const error = await failure(staged(['a,b\n', '1,2\n'], { limits: { ...NO_LIMITS, maxInputBytes: 5 } }));
    expect(error).toBeInstanceOf(TooLargeError);
    expect(error).toMatchObject({ code: 'TOO_LARGE', variable: 'MAX_INPUT_BYTES', limit: 5 });
  });

  it('stops inflating past MAX_EXPANDED_BYTES', async () => {
    const body = gzipSync(Buffer.from('a,b\n'.repeat(100_000)));
    const error = await failure(
      staged([body], { gzipped: true, limits: { ...NO_LIMITS, maxExpandedBytes: 100_000 } }),
    );
    expect(error).toMatchObject({ code: 'TOO_LARGE', variable: 'MAX_EXPANDED_BYTES', limit: 100_000 });
  });

  it('stops a gzip bomb at the ratio guard, long before its size', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 'a'), { level: 9 });
    expect(bomb.length).toBeLessThan(300_000);
    const error = await failure(staged([bomb], { gzipped: true }));
    expect(error).toMatchObject({ code: 'TOO_LARGE', variable: 'MAX_GZIP_RATIO', limit: 400 });
    expect((error as Error).message).toMatch(/decompression bomb/);
  });
});
