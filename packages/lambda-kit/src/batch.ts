/** One failed item of a batch. */
export interface BatchFailure<T> {
  readonly index: number;
  readonly item: T;
  readonly error: unknown;
}

/**
 * Every failure of a batch, not just the first. `errors` (from AggregateError) holds the
 * errors in item order; `failures` pairs each with its item and index.
 */
export class BatchError<T = unknown> extends AggregateError {
  readonly code = 'BATCH_FAILED';
  readonly failures: readonly BatchFailure<T>[];

  constructor(failures: readonly BatchFailure<T>[], total: number, what = 'items') {
    const sorted = [...failures].sort((a, b) => a.index - b.index);
    super(
      sorted.map((failure) => failure.error),
      `${sorted.length} of ${total} ${what} failed: ${sorted.map((failure) => describeError(failure.error)).join('; ')}`,
    );
    this.name = 'BatchError';
    this.failures = sorted;
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : `${error.name}: ${error.message}`;
  }
  return String(error);
}

export interface BatchOptions {
  /** Stop starting new items after the first failure (items already running finish). Default false. */
  readonly stopOnFirstError?: boolean;
  /** What the items are, for the error message ("records", "parts"). */
  readonly what?: string;
}

/**
 * Runs `fn` over `items` with at most `limit` in flight, and waits for all of them.
 * Results come back in item order. If any item fails, throws a {@link BatchError} carrying
 * every failure (with `stopOnFirstError`, items not yet started are skipped, not failed).
 *
 * @example await processBatch(parsed.objects, 4, (object) => copyObject(object));
 */
export async function processBatch<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  options: BatchOptions = {},
): Promise<R[]> {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`Expected positive integer for limit but received ${limit}`);
  const results = new Array<R>(items.length);
  const failures: BatchFailure<T>[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !(options.stopOnFirstError && failures.length > 0)) {
      const index = next++;
      const item = items[index] as T;
      try {
        results[index] = await fn(item, index);
      } catch (error) {
        failures.push({ index, item, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw new BatchError(failures, items.length, options.what);
  return results;
}
