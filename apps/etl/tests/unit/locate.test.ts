import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateRecords, type LocatedRecord, type WantedRecords } from '../../src/engine/locate.js';

// Records as DuckDB's reader splits them: header = record 1, the blank line is record 4, a quote
// inside an unquoted field is data, "" inside quotes is a quote, quoted newlines stay in the record.
const LINES = [
  'id;note', //                        record 1 (header), line 1
  '1;say "hi" there', //               record 2, ordinal 0
  '2;"two', //                         record 3, ordinal 1, lines 3-4
  'lines; ""x"" done"',
  '', //                                record 4 (blank), line 5
  '3;x"', //                           record 5, ordinal 2 (rejected below)
  '4;"a;b";tail"', //                  record 6, ordinal 2
  '5;"never closed', //                record 7, ordinal 3, to the end
  'rest',
];

let dir: string;
let path: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etl-locate-'));
  path = join(dir, 'staged.csv');
  await writeFile(path, LINES.join('\n'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

async function locate(
  want: Omit<WantedRecords, 'header' | 'dialect'>,
  chunkBytes?: number,
): Promise<LocatedRecord[]> {
  const out: LocatedRecord[] = [];
  for await (const record of locateRecords(
    path,
    { ...want, header: true, dialect: { delimiter: ';', quote: '"', escape: '"' } },
    chunkBytes,
  ))
    out.push(record);
  return out;
}

const EXPECTED: LocatedRecord[] = [
  { kind: 'bad', index: 0, line: 2, text: '1;say "hi" there' },
  { kind: 'bad', index: 1, line: 3, text: '2;"two\nlines; ""x"" done"' },
  { kind: 'rejected', index: 0, line: 6, text: '3;x"' },
  { kind: 'bad', index: 2, line: 7, text: '4;"a;b";tail"' },
  { kind: 'bad', index: 3, line: 8, text: '5;"never closed\nrest' },
];

describe('locateRecords', () => {
  it('names the physical line and original text of records wanted by record number or ordinal', async () => {
    expect(await locate({ rejected: [5], bad: [0, 1, 2, 3] })).toEqual(EXPECTED);
  });

  it.each([1, 2, 3, 5, 7, 11])(
    'gives the same answer when the file arrives in %i-byte chunks',
    async (chunkBytes) => {
      expect(await locate({ rejected: [5], bad: [0, 1, 2, 3] }, chunkBytes)).toEqual(EXPECTED);
    },
  );

  it('yields nothing when nothing is wanted', async () => {
    expect(await locate({ rejected: [], bad: [] })).toEqual([]);
  });
});
