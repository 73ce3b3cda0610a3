import { matchingTriggers, triggerMatches, type LambdaTrigger } from '../../src/run/notification-match.js';

const trigger = (overrides: Partial<LambdaTrigger> = {}): LambdaTrigger => ({
  bucket: 'ingest',
  functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:resize',
  events: ['s3:ObjectCreated:*'],
  prefix: 'uploads/',
  suffix: '',
  ...overrides,
});

describe("S3's notification matching", () => {
  it('matches a created object under the prefix', () => {
    expect(triggerMatches(trigger(), 'ingest', 'uploads/a b.jpg', 'ObjectCreated:Put')).toBe(true);
    expect(
      triggerMatches(trigger(), 'ingest', 'uploads/x.jpg', 'ObjectCreated:CompleteMultipartUpload'),
    ).toBe(true);
  });

  it('does not match another bucket, another prefix, or a prefix that differs only in case', () => {
    expect(triggerMatches(trigger(), 'other', 'uploads/a.jpg', 'ObjectCreated:Put')).toBe(false);
    expect(triggerMatches(trigger(), 'ingest', 'raw/a.jpg', 'ObjectCreated:Put')).toBe(false);
    expect(triggerMatches(trigger(), 'ingest', 'Uploads/a.jpg', 'ObjectCreated:Put')).toBe(false);
  });

  it('requires both prefix and suffix', () => {
    const csv = trigger({ prefix: 'raw/', suffix: '.csv' });
    expect(triggerMatches(csv, 'ingest', 'raw/orders/a.csv', 'ObjectCreated:Put')).toBe(true);
    expect(triggerMatches(csv, 'ingest', 'raw/orders/a.csv.gz', 'ObjectCreated:Put')).toBe(false);
  });

  it('honours a specific event name and ignores removals', () => {
    const putOnly = trigger({ events: ['s3:ObjectCreated:Put'] });
    expect(triggerMatches(putOnly, 'ingest', 'uploads/a.jpg', 'ObjectCreated:Put')).toBe(true);
    expect(triggerMatches(putOnly, 'ingest', 'uploads/a.jpg', 'ObjectCreated:Copy')).toBe(false);
    expect(triggerMatches(trigger(), 'ingest', 'uploads/a.jpg', 'ObjectRemoved:Delete')).toBe(false);
  });

  it('returns every trigger that fires', () => {
    const triggers = [
      trigger(),
      trigger({ functionArn: 'copy', prefix: '' }),
      trigger({ functionArn: 'etl', prefix: 'raw/' }),
    ];
    expect(
      matchingTriggers(triggers, 'ingest', 'uploads/a.jpg', 'ObjectCreated:Put').map((t) => t.functionArn),
    ).toEqual(['arn:aws:lambda:us-east-1:123456789012:function:resize', 'copy']);
  });
});
