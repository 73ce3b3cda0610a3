/**
 * Outcome records as a deployed function logs them: its CloudWatch log group, filtered to JSON lines
 * whose `outcome.source.key` is the key, read back with lambda-kit's one reader.
 */
import { CloudWatchLogsClient, paginateFilterLogEvents } from '@aws-sdk/client-cloudwatch-logs';
import { outcomesFromLogs, type ObjectOutcome } from '@pipeline/lambda-kit';
import type { FindOutcome } from './smoke-wait.js';

/** The decisive record of a key among several (retries): a `written` one, else the latest. */
export function decisiveOutcome(outcomes: readonly ObjectOutcome[]): ObjectOutcome | undefined {
  return outcomes.find((o) => o.kind === 'written') ?? outcomes.at(-1);
}

/** The JSON objects among log messages (other lines, such as the runtime's START/END, are left out). */
export function jsonMessages(messages: readonly string[]): Record<string, unknown>[] {
  return messages.flatMap((message): Record<string, unknown>[] => {
    const text = message.slice(message.indexOf('{'));
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

/** The functions' outcome records in CloudWatch Logs: where a stack has no object catalog yet. */
export function cloudWatchOutcomes(logs: CloudWatchLogsClient, startTime: number): FindOutcome {
  return async ({ functionName, key }) => {
    const messages: string[] = [];
    const pages = paginateFilterLogEvents(
      { client: logs },
      {
        logGroupName: `/aws/lambda/${functionName}`,
        startTime,
        filterPattern: `{ $.outcome.source.key = ${JSON.stringify(key)} }`,
      },
    );
    try {
      for await (const page of pages)
        for (const event of page.events ?? []) messages.push(event.message ?? '');
    } catch (error) {
      // The log group appears with the function's first invocation.
      if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
    return decisiveOutcome(outcomesFromLogs(jsonMessages(messages)));
  };
}
