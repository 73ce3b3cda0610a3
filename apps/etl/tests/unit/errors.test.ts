import { PermanentError, TransientError } from '@pipeline/lambda-kit';
import { classifyLocalError } from '../../src/errors.js';
import {
  BYTES_PER_SECOND_PER_THREAD,
  checkExpanded,
  checkInputSize,
  derivedMaxBytes,
  resolveLimits,
  STORAGE_PER_BYTE,
} from '../../src/limits.js';

const errno = (code: string) => Object.assign(new Error(`${code}: something`), { code });

describe('local failures are classified by errno code, never by message', () => {
  it('ENOSPC is permanent OUT_OF_SPACE, saying how to raise the storage', () => {
    const classified = classifyLocalError(errno('ENOSPC'), '/tmp');
    expect(classified).toBeInstanceOf(PermanentError);
    expect(classified).toMatchObject({ code: 'OUT_OF_SPACE' });
    expect((classified as Error).message).toMatch(/ephemeral storage/);
  });

  it.each(['EMFILE', 'ENFILE'])('%s is transient TOO_MANY_OPEN_FILES', (code) => {
    const classified = classifyLocalError(errno(code), '/tmp');
    expect(classified).toBeInstanceOf(TransientError);
    expect(classified).toMatchObject({ code: 'TOO_MANY_OPEN_FILES' });
  });

  it('a message that only mentions the condition is left alone', () => {
    const error = new Error('ENOSPC: no space left on device');
    expect(classifyLocalError(error, '/tmp')).toBe(error);
  });
});

describe('limits', () => {
  it('derive from free storage, and from the time left when it is known', () => {
    const free = 10_000_000_000;
    expect(derivedMaxBytes(free, 2)).toBe(Math.floor(free / STORAGE_PER_BYTE));
    expect(derivedMaxBytes(free, 2, 60_000)).toBe(50 * BYTES_PER_SECOND_PER_THREAD * 2);
    expect(resolveLimits({ maxInputBytes: 5, maxGzipRatio: 400 }, 99)).toEqual({
      maxInputBytes: 5,
      maxExpandedBytes: 99,
      maxGzipRatio: 400,
    });
  });

  it('refuse with TOO_LARGE, naming the variable and its value', () => {
    const limits = { maxInputBytes: 100, maxExpandedBytes: 1000, maxGzipRatio: 10 };
    expect(() => checkInputSize(101, limits)).toThrow(/MAX_INPUT_BYTES=100/);
    expect(() => checkInputSize(undefined, limits)).not.toThrow();
    expect(() => checkExpanded(1001, undefined, limits)).toThrow(/MAX_EXPANDED_BYTES=1000/);
  });
});
