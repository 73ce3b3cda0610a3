import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  cleanupTestBuckets,
  createTestBucket,
  emulatorEndpoint,
  testCredentials,
  testS3Client,
} from '@pipeline/testing';
import { openFrontDoor, type FrontDoor } from '../../src/run/front-door.js';

let door: FrontDoor;
let bucket: string;

beforeAll(async () => {
  bucket = await createTestBucket('front-door');
  await testS3Client().send(new PutObjectCommand({ Bucket: bucket, Key: 'photo.jpg', Body: 'x' }));
  door = await openFrontDoor({ target: emulatorEndpoint(), callers: ['copy', 'resize'] });
});
afterAll(async () => {
  await door.close();
  await cleanupTestBuckets();
});

/** What a function's client gets for the object through its own endpoint: the HTTP status, no retries. */
async function statusFor(caller: string): Promise<number> {
  const s3 = new S3Client({
    endpoint: door.endpointOf(caller),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: testCredentials(),
    maxAttempts: 1,
  });
  try {
    const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'photo.jpg' }));
    return answer.$metadata.httpStatusCode ?? 0;
  } catch (error) {
    return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? -1;
  } finally {
    s3.destroy();
  }
}

describe('the front door', () => {
  it('gives each function its own endpoint, and the catch-all one to anyone else', () => {
    const endpoints = ['copy', 'resize', 'etl'].map((caller) => door.endpointOf(caller));
    expect(new Set(endpoints).size).toBe(3);
    expect(door.endpointOf('etl')).toBe(door.endpoint);
  });

  it("faults a key for one function's attempt only, until released", async () => {
    const release = door.fail(bucket, 'photo.jpg', 'copy');
    expect({ copy: await statusFor('copy'), resize: await statusFor('resize') }).toEqual({
      copy: 503,
      resize: 200,
    });
    release();
    expect(await statusFor('copy')).toBe(200);
  });

  it('keeps a key faulted while any attempt holding the fault is in flight', async () => {
    const first = door.fail(bucket, 'photo.jpg', 'copy');
    const second = door.fail(bucket, 'photo.jpg', 'copy');
    first();
    first(); // releasing twice counts once
    expect(await statusFor('copy')).toBe(503);
    second();
    expect(await statusFor('copy')).toBe(200);
  });

  it('faults a key for everyone when no function is named', async () => {
    const release = door.fail(bucket, 'photo.jpg');
    expect({ copy: await statusFor('copy'), other: await statusFor('etl') }).toEqual({
      copy: 503,
      other: 503,
    });
    release();
    // Every request is counted, the faulted ones too: 3 + 2 + 2 GETs in these tests.
    expect(door.counts()['GetObject']).toBe(7);
  });
});
