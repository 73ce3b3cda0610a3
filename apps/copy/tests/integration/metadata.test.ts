import { createHash } from 'node:crypto';
import { GetObjectTaggingCommand, HeadObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { cleanupTestBuckets, readBody, s3Event, testS3Client } from '@pipeline/testing';
import {
  bucketPair,
  configFor,
  copyHandler,
  itUntilTaggingGranted,
  lambdaContext,
  MiB,
  patternedBody,
  putSource,
} from '../support/harness.js';

afterAll(() => cleanupTestBuckets());

const HEADERS = {
  ContentType: 'application/x-custom; charset=utf-8',
  CacheControl: 'max-age=60, public',
  ContentDisposition: 'attachment; filename="report 1.csv"',
  ContentEncoding: 'identity',
  ContentLanguage: 'de-CH',
  Expires: new Date('2031-01-02T03:04:05Z'),
  Metadata: { owner: 'team-a', 'source-system': 'ingest' },
  Tagging: 'classification=internal&project=x%20y',
};
/** Multipart path with small objects: S3's 5 MiB minimum part, threshold below the object size. */
const MULTIPART = {
  MULTIPART_THRESHOLD_BYTES: String(5 * MiB),
  MULTIPART_PART_SIZE_BYTES: String(5 * MiB),
  COPY_PART_CONCURRENCY: '2',
};

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

async function expectSameObject(
  sourceBucket: string,
  sourceKey: string,
  destination: string,
  destinationKey: string,
): Promise<void> {
  const s3 = testS3Client();
  const copied = await s3.send(new HeadObjectCommand({ Bucket: destination, Key: destinationKey }));
  expect(copied).toMatchObject({
    ContentType: HEADERS.ContentType,
    CacheControl: HEADERS.CacheControl,
    ContentDisposition: HEADERS.ContentDisposition,
    ContentEncoding: HEADERS.ContentEncoding,
    ContentLanguage: HEADERS.ContentLanguage,
    Metadata: { ...HEADERS.Metadata, 'pipeline-source': expect.stringMatching(/^[0-9a-f]{64}$/) },
  });
  expect(copied.Expires?.toISOString()).toBe(HEADERS.Expires.toISOString());
  const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: destination, Key: destinationKey }));
  expect(tags.TagSet).toEqual(
    expect.arrayContaining([
      { Key: 'classification', Value: 'internal' },
      { Key: 'project', Value: 'x y' },
    ]),
  );
  expect(tags.TagSet).toHaveLength(2);
  expect(md5(await readBody(s3, destination, destinationKey))).toBe(
    md5(await readBody(s3, sourceBucket, sourceKey)),
  );
}

describe('copy: headers, metadata and tags on both paths', () => {
  it('CopyObject path keeps content type, cache control, disposition, encoding, language, expires, metadata and tags', async () => {
    const { source, destination } = await bucketPair();
    const record = await putSource({
      Bucket: source,
      Key: 'incoming/small.csv',
      Body: 'a,b\n1,2\n',
      ...HEADERS,
    });
    const { handler, log } = copyHandler(configFor(destination));
    await handler(s3Event([record]), lambdaContext());
    await expectSameObject(source, 'incoming/small.csv', destination, 'copies/small.csv');
    expect(log.lines.find((line) => line.attributes['outcome'] === 'copied')?.attributes).toMatchObject({
      method: 'copy-object',
    });
  });

  it('multipart path (UploadPartCopy in parallel) sets the same headers, metadata and tags itself, bytes in order', async () => {
    const { source, destination } = await bucketPair({ versioned: true });
    const body = patternedBody(11 * MiB + 123);
    const record = await putSource({ Bucket: source, Key: 'incoming/big file.bin', Body: body, ...HEADERS });
    const { handler, log } = copyHandler(configFor(destination, MULTIPART));
    await handler(s3Event([record]), lambdaContext());
    await expectSameObject(source, 'incoming/big file.bin', destination, 'copies/big file.bin');
    expect(log.lines.find((line) => line.attributes['outcome'] === 'copied')?.attributes).toMatchObject({
      method: 'multipart',
      parts: 3,
      bytes: body.length,
    });
    const uploads = await testS3Client().send(new ListMultipartUploadsCommand({ Bucket: destination }));
    expect(uploads.Uploads ?? []).toEqual([]);
  });

  it('applies the configured storage class and encryption on both paths', async () => {
    const { source, destination } = await bucketPair();
    const small = await putSource({ Bucket: source, Key: 'incoming/s.txt', Body: 's' });
    const big = await putSource({ Bucket: source, Key: 'incoming/b.bin', Body: patternedBody(6 * MiB) });
    const env = { ...MULTIPART, DESTINATION_STORAGE_CLASS: 'STANDARD_IA', DESTINATION_SSE: 'AES256' };
    await copyHandler(configFor(destination, env)).handler(s3Event([small, big]), lambdaContext());
    for (const key of ['copies/s.txt', 'copies/b.bin']) {
      const head = await testS3Client().send(new HeadObjectCommand({ Bucket: destination, Key: key }));
      expect(head).toMatchObject({ StorageClass: 'STANDARD_IA', ServerSideEncryption: 'AES256' });
    }
  });

  // prettier-ignore
  itUntilTaggingGranted('keeps user metadata as is when it already uses the identity name, and records the identity in a tag', async () => {
    const { source, destination } = await bucketPair();
    const record = await putSource({
      Bucket: source,
      Key: 'incoming/chained.txt',
      Body: 'c',
      Metadata: { 'pipeline-source': 'upstream-value' },
      Tagging: 'a=1',
    });
    const { handler } = copyHandler(configFor(destination));
    await handler(s3Event([record]), lambdaContext());
    const s3 = testS3Client();
    expect(
      (await s3.send(new HeadObjectCommand({ Bucket: destination, Key: 'copies/chained.txt' }))).Metadata,
    ).toEqual({ 'pipeline-source': 'upstream-value' });
    const tags =
      (await s3.send(new GetObjectTaggingCommand({ Bucket: destination, Key: 'copies/chained.txt' })))
        .TagSet ?? [];
    expect(tags).toEqual(
      expect.arrayContaining([
        { Key: 'a', Value: '1' },
        { Key: 'pipeline-source', Value: expect.stringMatching(/^[0-9a-f]{64}$/) },
      ]),
    );
    const again = await handler(s3Event([record]), lambdaContext());
    expect(again.outcomes).toEqual({ skipped: 1 });
  });
});
