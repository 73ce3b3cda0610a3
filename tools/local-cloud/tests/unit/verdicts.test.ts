/**
 * Each input is checked against S3 once nothing more can happen to its key, while the run goes on:
 * not before its last delivery has ended, and an input whose deliveries never all end is still
 * checked at the end.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { cleanupTestBuckets, createTestBucket, testS3Client } from '@pipeline/testing';
import type { DeliveryResult } from '../../src/run/event-delivery.js';
import { Verdicts } from '../../src/verify/verdicts.js';

const s3 = testS3Client();
afterAll(() => cleanupTestBuckets(s3));

function result(bucket: string, key: string, versionId: string | undefined, eTag: string): DeliveryResult {
  return {
    bucket,
    key,
    versionId,
    eTag,
    cause: 'upload',
    pipeline: 'copy',
    functionName: 'p-copy',
    outcome: 'written',
    detail: 'copied',
    code: undefined,
    outputs: [],
    attempts: 1,
    coldStarts: 0,
    durationMs: 5,
    failureMessageId: undefined,
  };
}

describe('Verdicts', () => {
  it('checks a key once its upload and every delivery it caused have ended, not before', async () => {
    const bucket = await createTestBucket('lc-verdicts');
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/a.txt', Body: 'a' }));
    const eTag = (put.ETag ?? '').replace(/"/g, '');
    const verdicts = new Verdicts(s3, [{ bucket, key: 'in/a.txt', pipeline: 'copy' }]);
    verdicts.opened(bucket, 'in/a.txt'); // the upload
    verdicts.opened(bucket, 'in/a.txt', 2); // an event and its duplicate
    verdicts.closed(bucket, 'in/a.txt'); // the upload ended
    verdicts.delivered(result(bucket, 'in/a.txt', put.VersionId, eTag));
    expect(verdicts.done).toBe(0);
    verdicts.delivered({ ...result(bucket, 'in/a.txt', put.VersionId, eTag), cause: 'duplicate' });
    expect(verdicts.done).toBe(1);
    const [verdict] = await verdicts.all();
    expect(verdict).toMatchObject({ outcome: 'written', deliveries: 2, problems: [] });
  });

  it('checks at the end an input whose deliveries never all ended, as it stands', async () => {
    const bucket = await createTestBucket('lc-verdicts');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/b.txt', Body: 'b' }));
    const verdicts = new Verdicts(s3, [{ bucket, key: 'in/b.txt', pipeline: 'copy' }]);
    verdicts.opened(bucket, 'in/b.txt', 1);
    expect(verdicts.done).toBe(0);
    const [verdict] = await verdicts.all();
    expect(verdict).toMatchObject({ outcome: 'missing', deliveries: 0 });
  });
});
