/**
 * `--watch`'s stand-in for S3's notifications, against the emulator's S3: new versions become
 * `ObjectCreated` events, and keys gone from the listing `ObjectRemoved` events, a delete marker's
 * or the deleted version's, as S3 would name them.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { testS3Client, uniqueName } from '@pipeline/testing';
import { ObjectWatcher } from '../../src/run/object-watcher.js';

describe('the object watcher', () => {
  const s3 = testS3Client();

  it('names creations, delete markers and deleted versions under its prefix, and only there', async () => {
    const bucket = uniqueName('watch');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    const put = (Key: string) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }));
    await put('uploads/before.jpg');
    const watcher = new ObjectWatcher(s3, [{ bucket, prefix: 'uploads/' }]);
    await watcher.baseline();
    expect(await watcher.poll()).toEqual([]);

    const first = await put('uploads/a.jpg');
    await put('elsewhere/b.jpg');
    expect(await watcher.poll()).toEqual([
      expect.objectContaining({
        key: 'uploads/a.jpg',
        versionId: first.VersionId,
        eventName: 'ObjectCreated:Put',
      }),
    ]);

    const marker = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'uploads/a.jpg' }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'elsewhere/b.jpg' }));
    expect(await watcher.poll()).toEqual([
      {
        bucket,
        key: 'uploads/a.jpg',
        versionId: marker.VersionId,
        eTag: '',
        size: 0,
        eventName: 'ObjectRemoved:DeleteMarkerCreated',
      },
    ]);
    expect(await watcher.poll()).toEqual([]);

    const second = await put('uploads/a.jpg');
    expect((await watcher.poll()).map((o) => o.eventName)).toEqual(['ObjectCreated:Put']);
    await s3.send(
      new DeleteObjectCommand({ Bucket: bucket, Key: 'uploads/a.jpg', VersionId: second.VersionId }),
    );
    // The version deleted for good (the older delete marker is latest again): S3 names the version.
    expect(await watcher.poll()).toEqual([
      expect.objectContaining({
        key: 'uploads/a.jpg',
        versionId: second.VersionId,
        eventName: 'ObjectRemoved:Delete',
      }),
    ]);
  }, 60_000);
});
