import { PutObjectCommand } from '@aws-sdk/client-s3';
import { cleanupTestBuckets, readBody, s3Event, testS3Client } from '@pipeline/testing';
import { expectAccessDenied, itWhereIamIsEnforced } from '@pipeline/testing/jest';
import {
  bucketPair,
  configFor,
  copyHandler,
  copyRole,
  lambdaContext,
  putSource,
} from '../support/harness.js';

afterAll(() => cleanupTestBuckets());

// Every handler in this suite runs under the copy function's synthesized role (tests/support/harness.ts).
describe('copy under its synthesized role', () => {
  itWhereIamIsEnforced(
    'is refused what its role does not grant: a write outside its destination folders',
    async () => {
      const { source, destination } = await bucketPair();
      const role = await copyRole(configFor(destination), source);
      await expectAccessDenied(
        role.s3.send(new PutObjectCommand({ Bucket: destination, Key: 'elsewhere/x.txt', Body: 'x' })),
      );
    },
  );

  // Re-uploading a key already copied makes alreadyCopied() read the earlier copy's tags
  // (GetObjectTagging on the destination), which the synthesized copy role does not grant: on AWS every
  // such re-upload fails, retried into the failure queue.
  it('copies a re-upload of an already copied key with different content', async () => {
    const { source, destination } = await bucketPair();
    const { handler } = copyHandler(configFor(destination));
    const key = 'incoming/re-uploaded.txt';
    await handler(s3Event([await putSource({ Bucket: source, Key: key, Body: 'first' })]), lambdaContext());
    await handler(s3Event([await putSource({ Bucket: source, Key: key, Body: 'second' })]), lambdaContext());
    expect((await readBody(testS3Client(), destination, 'copies/re-uploaded.txt')).toString()).toBe('second');
  });
});
