import { OutcomeRecordError, outcomesFromLogs, parseOutcome } from '../../src/index.js';

const record = {
  schema: 'pipeline.outcome/v1',
  pipeline: 'demo',
  requestId: 'r',
  kind: 'written',
  action: 'copied',
  source: { bucket: 'src', key: 'in/a.txt' },
  written: [{ bucket: 'out', key: 'a.txt', bytes: 3 }],
  durationMs: 4,
};

describe('outcomesFromLogs', () => {
  it('reads the records from raw JSON lines and parsed lines, skipping everything else', () => {
    const lines = [
      'START RequestId: r',
      JSON.stringify({ level: 'INFO', message: 'object written', outcome: record }),
      '{"level":"INFO","message":"other","outcome":"a word, not a record"}',
      {
        level: 'INFO',
        message: 'object written',
        outcome: { ...record, source: { bucket: 'src', key: 'b' } },
      },
      '{ not json',
    ];
    expect(outcomesFromLogs(lines).map((o) => o.source.key)).toEqual(['in/a.txt', 'b']);
  });

  it.each([
    ['an unknown kind', { ...record, kind: 'rendered' }, 'for outcome.kind but received "rendered"'],
    [
      'a written record without its action',
      { ...record, action: undefined },
      'Expected a string in a written record for outcome.action but received nothing',
    ],
    [
      'a rejected record without its code',
      { ...record, kind: 'rejected', message: 'm' },
      'for outcome.code but received nothing',
    ],
    [
      'a failed record without retried',
      { ...record, kind: 'failed', code: 'C', message: 'm' },
      'for outcome.retried but received nothing',
    ],
    [
      'an unknown skip reason',
      { ...record, kind: 'skipped', reason: 'bored' },
      'for outcome.reason but received "bored"',
    ],
    [
      'an output without bytes',
      { ...record, written: [{ bucket: 'o', key: 'k' }] },
      'Expected a number for outcome.written[0].bytes but received nothing',
    ],
    [
      'a source without its key',
      { ...record, source: { bucket: 'b' } },
      'for outcome.source but received {"bucket":"b"}',
    ],
  ])('refuses %s', (_, value, message) => {
    expect(() => parseOutcome(value)).toThrow(OutcomeRecordError);
    expect(() => parseOutcome(value)).toThrow(message);
  });
});
