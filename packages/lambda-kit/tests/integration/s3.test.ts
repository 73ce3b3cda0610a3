import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { cleanupTestBuckets, createTestBucket, readBody, testS3Client } from '@pipeline/testing';
import {
  classifyS3Error,
  createS3Client,
  PermanentError,
  rejectionRecord,
  writeRejection,
  type S3ObjectRef,
} from '../../src/index.js';

afterAll(() => cleanupTestBuckets());

describe('S3 plumbing against the emulator', () => {
  it('createS3Client reaches the emulator through AWS_ENDPOINT_URL, path-style', async () => {
    const bucket = await createTestBucket('kit');
    const s3 = createS3Client();
    expect(await s3.config.forcePathStyle).toBe(true);
    const error = await s3
      .send(new GetObjectCommand({ Bucket: bucket, Key: 'missing' }))
      .catch((e: unknown) => e);
    expect(classifyS3Error(error)).toMatchObject({ code: 'OBJECT_NOT_FOUND', permanent: true });
    const head = await s3
      .send(new HeadObjectCommand({ Bucket: bucket, Key: 'missing' }))
      .catch((e: unknown) => e);
    expect(classifyS3Error(head)).toMatchObject({ code: 'OBJECT_NOT_FOUND' });
  });

  it('writeRejection stores a JSON record of the input and its error', async () => {
    const bucket = await createTestBucket('kit');
    const object: S3ObjectRef = {
      index: 0,
      eventName: 'ObjectCreated:Put',
      bucket: 'src',
      key: 'in/a b.txt',
      rawKey: 'in/a+b.txt',
      versionId: 'v1',
    };
    const record = rejectionRecord(
      object,
      new PermanentError('OBJECT_NOT_FOUND', 'gone'),
      'req-1',
      new Date('2026-01-01T00:00:00Z'),
    );
    await writeRejection(createS3Client(), bucket, 'rejected/in/a b.txt.json', record);
    const stored = JSON.parse(
      (await readBody(testS3Client(), bucket, 'rejected/in/a b.txt.json')).toString('utf8'),
    ) as unknown;
    expect(stored).toEqual({
      schema: 'pipeline.rejection/v1',
      source: { bucket: 'src', key: 'in/a b.txt', versionId: 'v1' },
      error: { name: 'PermanentError', code: 'OBJECT_NOT_FOUND', message: 'gone' },
      requestId: 'req-1',
      rejectedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('writeRejection failures are transient', async () => {
    const record = rejectionRecord(
      { index: 0, eventName: 'ObjectCreated:Put', bucket: 'b', key: 'k', rawKey: 'k' },
      new PermanentError('X', 'x'),
    );
    await expect(
      writeRejection(createS3Client(), 'no-such-bucket-for-kit-test', 'k.json', record),
    ).rejects.toMatchObject({ code: 'REJECTION_WRITE_FAILED', permanent: false });
  });
});
