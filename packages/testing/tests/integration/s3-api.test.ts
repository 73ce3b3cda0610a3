import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import {
  CopyObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  cleanupTestBuckets,
  createTestBucket,
  deleteObjectForEvent,
  putObjectForEvent,
  readBody,
  s3EventRecord,
  testS3Client,
} from '../../src/index.js';

const s3 = testS3Client();
afterAll(() => cleanupTestBuckets(s3));

describe('the emulator serves the S3 API the pipelines rely on', () => {
  it('stores a PutObject from a Buffer and returns it from GetObject', async () => {
    const bucket = await createTestBucket('put-buffer');
    const body = randomBytes(4096);
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'a.bin', Body: body, ContentType: 'application/x-test' }),
    );
    expect((await readBody(s3, bucket, 'a.bin')).equals(body)).toBe(true);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'a.bin' }));
    expect(head.ContentType).toBe('application/x-test');
  });

  it('stores a PutObject from a stream without the aws-chunked framing', async () => {
    const bucket = await createTestBucket('put-stream');
    const chunks = [randomBytes(70_000), randomBytes(70_000), randomBytes(123)];
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'stream.bin',
        Body: Readable.from(chunks),
        ContentLength: 140_123,
      }),
    );
    expect((await readBody(s3, bucket, 'stream.bin')).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('copies an object whose key holds spaces, "+", "%" and non-ASCII', async () => {
    const bucket = await createTestBucket('copy-keys');
    const key = 'deep/dir/a b+c%20 ü 猫.txt';
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'hello', Metadata: { origin: 'test' } }),
    );
    const encodedSource = `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: `copy/${key}`, CopySource: encodedSource }));
    expect((await readBody(s3, bucket, `copy/${key}`)).toString()).toBe('hello');
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `copy/${key}` }));
    expect(head.Metadata).toEqual({ origin: 'test' });
  });

  it('completes a multipart upload', async () => {
    const bucket = await createTestBucket('multipart');
    const body = randomBytes(11 * 1024 * 1024);
    const upload = new Upload({
      client: s3,
      params: { Bucket: bucket, Key: 'big.bin', Body: Readable.from([body]) },
      partSize: 5 * 1024 * 1024,
    });
    await upload.done();
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((o) => [o.Key, o.Size])).toEqual([['big.bin', body.length]]);
    expect((await readBody(s3, bucket, 'big.bin')).equals(body)).toBe(true);
  });

  it('putObjectForEvent returns what S3 puts in the event: size, bare ETag, version, a sequencer later than earlier events', async () => {
    const bucket = await createTestBucket('put-event');
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    const record = await putObjectForEvent(s3, { Bucket: bucket, Key: 'dir/a b.txt', Body: 'héllo' });
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'dir/a b.txt', VersionId: record.versionId }),
    );
    expect(record).toEqual({
      bucket,
      key: 'dir/a b.txt',
      size: 6,
      eTag: head.ETag?.replace(/"/g, ''),
      versionId: head.VersionId,
      sequencer: expect.stringMatching(/^[0-9A-F]{16}$/),
    });
    expect(record.eTag).toMatch(/^[0-9a-f]{32}$/);
    const later = await putObjectForEvent(s3, { Bucket: bucket, Key: 'dir/a b.txt', Body: 'again' });
    expect((later.sequencer ?? '') > (record.sequencer ?? '')).toBe(true);
    const removal = await deleteObjectForEvent(s3, { Bucket: bucket, Key: 'dir/a b.txt' });
    expect(removal).toMatchObject({
      eventName: 'ObjectRemoved:DeleteMarkerCreated',
      versionId: expect.any(String),
    });
    expect((removal.sequencer ?? '') > (later.sequencer ?? '')).toBe(true);
    expect(s3EventRecord(record).s3.object).toMatchObject({ key: 'dir/a+b.txt', size: 6, eTag: record.eTag });
  });
});
