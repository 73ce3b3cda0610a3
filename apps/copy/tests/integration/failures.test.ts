import {
  DeleteObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import { BatchError, countByKind } from '@pipeline/lambda-kit';
import { cleanupTestBuckets, readBody, s3Event, s3EventRecord, testS3Client } from '@pipeline/testing';
import {
  bucketPair,
  configFor,
  copyHandler,
  lambdaContext,
  MiB,
  patternedBody,
  putSource,
} from '../support/harness.js';

afterAll(() => cleanupTestBuckets());

async function rejection(
  bucket: string,
  key: string,
): Promise<{ error: { code: string }; source: { key: string } }> {
  return JSON.parse((await readBody(testS3Client(), bucket, key)).toString('utf8')) as {
    error: { code: string };
    source: { key: string };
  };
}

async function exists(bucket: string, key: string): Promise<boolean> {
  return testS3Client()
    .send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    .then(
      () => true,
      () => false,
    );
}

describe('copy: bad input and repeats', () => {
  it('records an object deleted between event and handling as rejected, without throwing (no retry)', async () => {
    const { source, destination } = await bucketPair();
    const record = await putSource({ Bucket: source, Key: 'incoming/gone soon.txt', Body: 'x' });
    await testS3Client().send(new DeleteObjectCommand({ Bucket: source, Key: 'incoming/gone soon.txt' }));
    const { handler, log } = copyHandler(configFor(destination));
    const summary = await handler(s3Event([record]), lambdaContext('req-gone'));
    expect(countByKind(summary.outcomes)).toEqual({ rejected: 1 });
    const stored = await rejection(destination, `rejected/${source}/incoming/gone soon.txt.json`);
    expect(stored).toMatchObject({
      error: { code: 'OBJECT_NOT_FOUND' },
      source: { key: 'incoming/gone soon.txt' },
      requestId: 'req-gone',
    });
    expect(log.lines.find((line) => line.level === 'warn')?.attributes).toMatchObject({
      outcome: { kind: 'rejected', code: 'OBJECT_NOT_FOUND', requestId: 'req-gone' },
    });
    expect(summary.outcomes[0]?.written).toEqual([
      expect.objectContaining({ bucket: destination, key: `rejected/${source}/incoming/gone soon.txt.json` }),
    ]);
    expect(await exists(destination, 'copies/gone soon.txt')).toBe(false);
  });

  it('fails an event with missing fields with a clear error after copying its good records', async () => {
    const { source, destination } = await bucketPair();
    const good = s3EventRecord(await putSource({ Bucket: source, Key: 'incoming/good.txt', Body: 'g' }));
    const noKey = s3EventRecord({ bucket: source, key: 'placeholder' }) as unknown as {
      s3: { object: Record<string, unknown> };
    };
    delete noKey.s3.object['key'];
    const { handler } = copyHandler(configFor(destination));
    const error = await handler({ Records: [noKey, good] }, lambdaContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchError);
    expect((error as BatchError).message).toBe(
      '1 of 2 records failed: EVENT_MALFORMED: Expected a non-empty string for Records[0].s3.object.key but received nothing',
    );
    expect((await readBody(testS3Client(), destination, 'copies/good.txt')).toString()).toBe('g');
  });

  it('refuses a copy that would trigger itself, and skips its own rejection records', async () => {
    const { source } = await bucketPair();
    const record = await putSource({ Bucket: source, Key: 'incoming/loop.txt', Body: 'l' });
    const sameBucket = configFor(source, { SOURCE_PREFIX: '', DESTINATION_PREFIX: 'copies/' });
    const { handler } = copyHandler(sameBucket);
    expect(countByKind((await handler(s3Event([record]), lambdaContext())).outcomes)).toEqual({
      rejected: 1,
    });
    const rejectionKey = `rejected/${source}/incoming/loop.txt.json`;
    expect((await rejection(source, rejectionKey)).error.code).toBe('RECURSION_GUARD');
    const own = await handler(s3Event([{ bucket: source, key: rejectionKey }]), lambdaContext());
    expect(own.outcomes).toEqual([
      expect.objectContaining({ kind: 'skipped', reason: 'own-output', written: [] }),
    ]);
  });

  it('aborts the multipart upload and rejects when the source changes mid-copy (CopySourceIfMatch -> 412)', async () => {
    const { source, destination } = await bucketPair();
    const record = await putSource({
      Bucket: source,
      Key: 'incoming/moving.bin',
      Body: patternedBody(11 * MiB),
    });
    const pinned: (string | undefined)[] = [];
    // moto 5.2 ignores x-amz-copy-source-if-match on UploadPartCopy, so it cannot produce this fault:
    // the second part answers 412 PreconditionFailed as S3 does once the source was overwritten.
    // Everything else (create, first part, abort) runs against the emulator.
    const instrument = (s3: S3Client) =>
      s3.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName !== 'UploadPartCopyCommand') return next(args);
          const input = args.input as { CopySourceIfMatch?: string };
          pinned.push(input.CopySourceIfMatch);
          if (pinned.length === 2) {
            throw new S3ServiceException({
              name: 'PreconditionFailed',
              $fault: 'client',
              $metadata: { httpStatusCode: 412 },
              message: 'At least one of the pre-conditions you specified did not hold',
            });
          }
          return next(args);
        },
        { step: 'initialize', name: 'sourceOverwrittenMidCopy' },
      );
    const config = configFor(destination, {
      MULTIPART_THRESHOLD_BYTES: String(5 * MiB),
      MULTIPART_PART_SIZE_BYTES: String(5 * MiB),
      COPY_PART_CONCURRENCY: '1',
    });
    const summary = await copyHandler(config, instrument).handler(s3Event([record]), lambdaContext());
    expect(countByKind(summary.outcomes)).toEqual({ rejected: 1 });
    // Events carry the ETag bare; CopySourceIfMatch sends it quoted, as HeadObject returns it.
    expect(pinned).toEqual([`"${record.eTag}"`, `"${record.eTag}"`]);
    expect((await rejection(destination, `rejected/${source}/incoming/moving.bin.json`)).error.code).toBe(
      'OBJECT_CHANGED',
    );
    expect(
      (await testS3Client().send(new ListMultipartUploadsCommand({ Bucket: destination }))).Uploads ?? [],
    ).toEqual([]);
    expect(await exists(destination, 'copies/moving.bin')).toBe(false);
  });

  it('throws (retry, then failure destination) when the destination bucket is missing, and writes no rejection', async () => {
    const { source } = await bucketPair();
    const record = await putSource({ Bucket: source, Key: 'incoming/t.txt', Body: 't' });
    const error = await copyHandler(configFor('missing-destination-bucket-x1'))
      .handler(s3Event([record]), lambdaContext())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchError);
    expect((error as BatchError).failures.map((f) => (f.error as { code: string }).code)).toEqual([
      'BUCKET_NOT_FOUND',
    ]);
  });
});
