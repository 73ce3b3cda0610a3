import { BatchError, processBatch } from '../../src/index.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('processBatch', () => {
  it('keeps at most `limit` items in flight and returns results in item order', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await processBatch([30, 5, 20, 1, 10, 2], 2, async (delay, index) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await tick(delay);
      inFlight -= 1;
      return index * 10;
    });
    expect(results).toEqual([0, 10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
  });

  it('runs every item and reports every failure with its item and index', async () => {
    const seen: number[] = [];
    const run = processBatch(
      [1, 2, 3, 4, 5],
      3,
      async (n) => {
        seen.push(n);
        await tick(5 - n);
        if (n % 2 === 1) throw Object.assign(new Error(`odd ${n}`), { code: `ODD_${n}` });
        return n;
      },
      { what: 'records' },
    );
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BatchError);
    expect(error).toBeInstanceOf(AggregateError);
    const batch = error as BatchError<number>;
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(batch.failures.map((f) => [f.index, f.item])).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(batch.errors.map((e: Error) => e.message)).toEqual(['odd 1', 'odd 3', 'odd 5']);
    expect(batch.message).toBe('3 of 5 records failed: ODD_1: odd 1; ODD_3: odd 3; ODD_5: odd 5');
  });

  it('stops starting new items after a failure when asked', async () => {
    const started: number[] = [];
    const error = await processBatch(
      [0, 1, 2, 3, 4, 5],
      2,
      async (n) => {
        started.push(n);
        await tick(1);
        if (n === 0) throw new Error('boom');
      },
      { stopOnFirstError: true },
    ).catch((e: unknown) => e);
    expect((error as BatchError).failures).toHaveLength(1);
    expect(started.length).toBeLessThan(6);
  });

  it('handles an empty batch and rejects a bad limit', async () => {
    await expect(processBatch([], 4, async () => 1)).resolves.toEqual([]);
    await expect(processBatch([1], 0, async () => 1)).rejects.toThrow(
      'Expected positive integer for limit but received 0',
    );
  });
});
