import type { InvocationResult } from '@pipeline/testing';
import { reportFromLogs } from '../../src/local-cloud/outcomes.js';

function invocation(lines: unknown[]): InvocationResult {
  return {
    ok: true,
    requestId: 'r',
    result: null,
    durationMs: 5,
    logs: lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))),
  };
}

describe('outcomes from structured logs', () => {
  it('reads the outcome and outputs a handler logged for the key', () => {
    const report = reportFromLogs(
      invocation([
        'START noise',
        {
          level: 'INFO',
          message: 'object processed',
          bucket: 'in',
          key: 'uploads/a.jpg',
          outcome: 'rendered',
          outputs: [
            { bucket: 'out', key: 'v/thumbnail/a.jpg', bytes: 1200 },
            { bucket: 'out', key: 'v/web/a.jpg', bytes: 90000 },
          ],
        },
      ]),
      'in',
      'uploads/a.jpg',
    );
    expect(report).toEqual({
      outcome: 'written',
      detail: 'rendered',
      code: undefined,
      outputs: [
        { bucket: 'out', key: 'v/thumbnail/a.jpg', bytes: 1200 },
        { bucket: 'out', key: 'v/web/a.jpg', bytes: 90000 },
      ],
    });
  });

  it('maps a rejection with its code', () => {
    const report = reportFromLogs(
      invocation([
        { message: 'object rejected', bucket: 'in', key: 'k', outcome: 'rejected', code: 'CORRUPT' },
      ]),
      'in',
      'k',
    );
    expect(report).toMatchObject({ outcome: 'rejected', code: 'CORRUPT' });
  });

  it('ignores lines about other keys and answers undefined when nothing was logged', () => {
    expect(
      reportFromLogs(invocation([{ bucket: 'in', key: 'other', outcome: 'copied' }]), 'in', 'k'),
    ).toBeUndefined();
  });
});
