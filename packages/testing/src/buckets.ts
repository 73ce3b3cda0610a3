import { randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  type ListObjectVersionsCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { testS3Client } from './clients.js';

const created = new Set<string>();

/** A DNS-safe unique name, e.g. `copy-src-m3x9k2-a1b2c3`, for buckets and queues. */
export function uniqueName(label: string): string {
  const clean = label
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 30)
    .replace(/^-|-$/g, '');
  return `${clean || 'test'}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Creates a uniquely named bucket, remembered for {@link cleanupTestBuckets}. */
export async function createTestBucket(label = 'test', s3: S3Client = testS3Client()): Promise<string> {
  const name = uniqueName(label);
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  created.add(name);
  return name;
}

/** Turns versioning on (`Enabled`, as infra's ingest bucket) or off again (`Suspended`: S3 cannot undo it). */
export async function setVersioning(
  s3: S3Client,
  bucket: string,
  status: 'Enabled' | 'Suspended' = 'Enabled',
): Promise<void> {
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: status } }),
  );
}

/** Every page of a bucket's object versions (the SDK has no paginator for ListObjectVersions). */
export async function* objectVersionPages(
  s3: S3Client,
  bucket: string,
): AsyncGenerator<ListObjectVersionsCommandOutput> {
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        KeyMarker: keyMarker,
        VersionIdMarker: versionIdMarker,
      }),
    );
    yield page;
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker !== undefined);
}

/** Deletes every object version and the bucket itself. */
export async function deleteBucketWithContents(bucket: string, s3: S3Client = testS3Client()): Promise<void> {
  for await (const page of objectVersionPages(s3, bucket)) {
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
      .filter((v) => v.Key !== undefined)
      .map((v) => ({ Key: v.Key as string, VersionId: v.VersionId }));
    if (objects.length > 0)
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}

/** Deletes every bucket this test file created; call it in `afterAll`. */
export async function cleanupTestBuckets(s3: S3Client = testS3Client()): Promise<void> {
  const names = [...created];
  created.clear();
  await Promise.all(names.map((name) => deleteBucketWithContents(name, s3)));
}
