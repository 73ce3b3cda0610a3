/**
 * Counts the S3 requests each object's handling makes, for its outcome record (the cost model
 * prices them: S3 bills PUT-class and GET-class requests apart). Counted per object even while
 * several records run at once: each object's work runs in its own async context.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { S3Client } from '@aws-sdk/client-s3';

const current = new AsyncLocalStorage<Map<string, number>>();
const instrumented = new WeakSet<S3Client>();

/** S3 requests by operation (`GetObject`, `PutObject`, ...), as the SDK sent them (retries not counted). */
export type RequestCounts = Readonly<Record<string, number>>;

/**
 * Adds the counting middleware to a client, once (a client shared by several handlers counts for
 * whichever object's context a request is sent from).
 *
 * @example countRequests(clients.s3);
 */
export function countRequests(client: S3Client): void {
  if (instrumented.has(client)) return;
  instrumented.add(client);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const counts = current.getStore();
      if (counts !== undefined) {
        const operation = context.commandName?.replace(/Command$/, '') ?? 'Unknown';
        counts.set(operation, (counts.get(operation) ?? 0) + 1);
      }
      return next(args);
    },
    { step: 'initialize', name: 'pipelineRequestCount' },
  );
}

/** Runs `work` in a fresh counting context and returns its result with the requests it made. */
export async function withRequestCount<T>(
  work: () => Promise<T>,
): Promise<{ result: T; requests: RequestCounts }> {
  const counts = new Map<string, number>();
  const result = await current.run(counts, work);
  return { result, requests: Object.fromEntries(counts) };
}
