import { encodeS3EventKey, s3Event } from '../../src/s3-event.js';

describe('S3 event builder', () => {
  it.each([
    ['photos/my cat.jpg', 'photos/my+cat.jpg'],
    ['a+b/c%d.csv', 'a%2Bb/c%25d.csv'],
    ['über/naïve (1).png', '%C3%BCber/na%C3%AFve+%281%29.png'],
  ])('encodes %s as S3 does', (key, encoded) => {
    expect(encodeS3EventKey(key)).toBe(encoded);
  });

  it('builds records shaped like S3 notifications', () => {
    const event = s3Event([{ bucket: 'b', key: 'k 1', size: 3, eTag: '"abc"', versionId: 'v1' }]);
    const record = event.Records[0]!;
    expect(record.eventVersion).toBe('2.1');
    expect(record.eventSource).toBe('aws:s3');
    expect(record.eventName).toBe('ObjectCreated:Put');
    expect(record.s3.bucket.arn).toBe('arn:aws:s3:::b');
    expect(record.s3.object).toMatchObject({ key: 'k+1', size: 3, eTag: 'abc', versionId: 'v1' });
    expect(record.s3.object.sequencer).toMatch(/^[0-9A-F]{16}$/);
    expect(Date.parse(record.eventTime)).not.toBeNaN();
  });

  it('gives each later event a later sequencer (as S3 does for one key), unless one is given', () => {
    const sequencers = Array.from(
      { length: 50 },
      () => s3Event([{ bucket: 'b', key: 'k' }]).Records[0]!.s3.object.sequencer,
    );
    expect([...sequencers].sort()).toEqual(sequencers);
    expect(new Set(sequencers).size).toBe(50);
    expect(s3Event([{ bucket: 'b', key: 'k', sequencer: '0A' }]).Records[0]!.s3.object.sequencer).toBe('0A');
  });
});
