import { deterministicZip, elfMachine, entryData, zipEntriesOf } from '../../src/index.js';
import { fakeElf } from '../support/fixture-workspace.js';

describe('deterministic zip', () => {
  it('sorts entries by bytes and round-trips their contents', async () => {
    const zip = await deterministicZip([
      { path: 'b/z.txt', data: Buffer.from('zz') },
      { path: 'B.txt', data: Buffer.from('') },
      { path: 'a/é.txt', data: Buffer.alloc(10_000, 7) },
    ]);
    const entries = await zipEntriesOf(zip);
    expect(entries.map((e) => e.path)).toEqual(['B.txt', 'a/é.txt', 'b/z.txt']);
    expect(await entryData(zip, 'a/é.txt')).toEqual(Buffer.alloc(10_000, 7));
    expect(entries[1]?.compressedSize).toBeLessThan(10_000);
    expect(
      await deterministicZip([
        { path: 'a/é.txt', data: Buffer.alloc(10_000, 7) },
        { path: 'b/z.txt', data: Buffer.from('zz') },
        { path: 'B.txt', data: Buffer.from('') },
      ]),
    ).toEqual(zip);
  });

  it.each(['/abs.txt', '../up.txt', 'a//b', 'a\\b'])('refuses entry path %s', async (path) => {
    await expect(deterministicZip([{ path, data: Buffer.from('x') }])).rejects.toMatchObject({
      code: 'BAD_ENTRY_PATH',
    });
  });

  it('refuses duplicate entries', async () => {
    await expect(
      deterministicZip([
        { path: 'a', data: Buffer.from('1') },
        { path: 'a', data: Buffer.from('2') },
      ]),
    ).rejects.toMatchObject({ code: 'DUPLICATE_ENTRY' });
  });
});

describe('elfMachine', () => {
  it('reads the machine of an ELF header and ignores other bytes', () => {
    expect(elfMachine(fakeElf(0x3e))).toBe('x86_64');
    expect(elfMachine(fakeElf(0xb7))).toBe('aarch64');
    expect(elfMachine(Buffer.from('#!/bin/sh\necho not elf\n'))).toBeUndefined();
  });
});
