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
    expect(record.s3.object.sequencer).toMatch(/^[0-9A-F]{18}$/);
    expect(Date.parse(record.eventTime)).not.toBeNaN();
  });
});
