/** Which buckets an event names, so a harness asks for the role of the buckets the invocation reads. */
import { bucketsNamedBy } from '../../src/index.js';

describe('bucketsNamedBy', () => {
  it("names an S3 notification's record buckets, in order, once each", () => {
    const record = (name: string) => ({ s3: { bucket: { name }, object: { key: 'k' } } });
    expect(bucketsNamedBy({ Records: [record('b'), record('a'), record('b')] })).toEqual(['b', 'a']);
  });

  it("names an S3 Batch Operations invocation's task buckets, by name or by ARN", () => {
    const tasks = [
      { taskId: '1', s3Key: 'k', s3Bucket: 'ingest' },
      { taskId: '2', s3Key: 'k', s3BucketArn: 'arn:aws:s3:::other' },
      { taskId: '3', s3Key: 'k', s3Bucket: 'ingest' },
    ];
    expect(bucketsNamedBy({ invocationSchemaVersion: '2.0', tasks })).toEqual(['ingest', 'other']);
  });

  it('names nothing for anything else', () => {
    expect(bucketsNamedBy(undefined)).toEqual([]);
    expect(bucketsNamedBy({ Records: 'no' })).toEqual([]);
    expect(bucketsNamedBy({ tasks: [null, { s3Bucket: '' }] })).toEqual([]);
  });
});
