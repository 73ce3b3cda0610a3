/**
 * The streaming output against the emulator's real multipart rules (parts under 5 MiB refused but
 * the last): segments written at the same time come out joined in order, whatever their sizes.
 */
import { cleanupTestBuckets, createTestBucket, readBody, testS3Client } from '@pipeline/testing';
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { S3Output } from '../../src/s3-output.js';
import { listKeys } from '../support/s3.js';

const s3 = testS3Client();
let bucket: string;
const MiB = 1024 * 1024;

beforeAll(async () => {
  bucket = await createTestBucket('etl-out', s3);
});

afterAll(async () => {
  await cleanupTestBuckets(s3);
});

/** Writes each segment's bytes in 1 MiB chunks, all segments at once. */
async function write(output: S3Output, segments: Buffer[]): Promise<void> {
  const sinks = output.open(segments.length);
  await Promise.all(
    segments.map(async (bytes, i) => {
      for (let at = 0; at < bytes.length; at += MiB) await sinks[i]?.write(bytes.subarray(at, at + MiB));
      await sinks[i]?.end();
    }),
  );
}

describe('S3Output', () => {
  it.each([
    ['one small segment (one PutObject)', [1_000]],
    ['one segment of several parts', [13 * MiB]],
    ['two segments, each over a part', [12 * MiB, 11 * MiB]],
    ['a small segment between two large ones', [9 * MiB, 100, 17 * MiB]],
    ['empty segments', [0, 9 * MiB, 0]],
    ['all empty', [0, 0]],
  ])('%s', async (name, sizes) => {
    const segments = sizes.map((size) => randomBytes(size));
    const key = `out/${name.replaceAll(' ', '-')}`;
    const output = new S3Output(s3, bucket, key, 'application/octet-stream', { partBytes: 5 * MiB });
    await write(output, segments);
    const written = await output.finish();
    const whole = Buffer.concat(segments);
    expect(written).toMatchObject({ bucket, key, bytes: whole.length });
    expect((await readBody(s3, bucket, key)).equals(whole)).toBe(true);
  });

  it('aborts without leaving an object or an open upload behind', async () => {
    const output = new S3Output(s3, bucket, 'out/aborted', 'application/octet-stream', {
      partBytes: 5 * MiB,
    });
    const [sink] = output.open(1);
    await sink?.write(randomBytes(11 * MiB));
    await output.abort();
    expect(await listKeys(s3, bucket, 'out/aborted')).toEqual([]);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect((uploads.Uploads ?? []).filter((u) => u.Key === 'out/aborted')).toEqual([]);
  });

  it('is never opened: nothing is written, finish reports nothing', async () => {
    const output = new S3Output(s3, bucket, 'out/never', 'text/csv');
    expect(await output.finish()).toBeUndefined();
    expect(await listKeys(s3, bucket, 'out/never')).toEqual([]);
  });
});
