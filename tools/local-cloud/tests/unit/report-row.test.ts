import type { InvocationResult } from '@pipeline/testing';
import { cleanupTestBuckets } from '@pipeline/testing';
import { reportFromLogs } from '../../src/report/report-row.js';
import { copyHandlerRun, type HandlerRun } from '../support/handler-lines.js';

let run: HandlerRun;
const invocation = (logs: readonly string[]): InvocationResult => ({
  ok: true,
  requestId: 'r',
  result: null,
  durationMs: 5,
  logs,
});

beforeAll(async () => {
  run = await copyHandlerRun();
}, 60_000);
afterAll(() => cleanupTestBuckets());

describe('report rows from the outcome records a real handler logged', () => {
  it('reads a written object with every output the record lists, and its measures', () => {
    expect(reportFromLogs(invocation(run.logs), run.source, 'in/a b.txt')).toEqual({
      outcome: 'written',
      detail: 'copied',
      code: undefined,
      outputs: [{ bucket: run.destination, key: 'out/a b.txt', bytes: 5 }],
      measures: { parts: 1 },
    });
  });

  it('reads a rejection with its code and the rejection record it wrote', () => {
    expect(reportFromLogs(invocation(run.logs), run.source, 'in/gone.txt')).toEqual({
      outcome: 'rejected',
      detail: 'rejected',
      code: 'OBJECT_NOT_FOUND',
      outputs: [
        {
          bucket: run.destination,
          key: `rejected/${run.source}/in/gone.txt.json`,
          bytes: expect.any(Number),
        },
      ],
    });
  });

  it('answers undefined for a key, or a bucket, the handler logged nothing about', () => {
    expect(reportFromLogs(invocation(run.logs), run.source, 'in/other.txt')).toBeUndefined();
    expect(reportFromLogs(invocation(run.logs), 'another-bucket', 'in/a b.txt')).toBeUndefined();
  });
});
