import {
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { nextSequencer, type S3EventRecordInput } from '@pipeline/cloud-emulator';

/**
 * Puts an object in the emulator and returns what S3's event record for it carries: its size as
 * S3 stored it, its ETag without quotes, its version (when the bucket is versioned), and a
 * sequencer taken when it was stored (a later upload's event sorts later, as S3's do).
 */
export async function putObjectForEvent(
  s3: S3Client,
  input: PutObjectCommandInput & { Bucket: string; Key: string },
): Promise<S3EventRecordInput> {
  const put = await s3.send(new PutObjectCommand(input));
  const head = await s3.send(
    new HeadObjectCommand({ Bucket: input.Bucket, Key: input.Key, VersionId: put.VersionId }),
  );
  return {
    bucket: input.Bucket,
    key: input.Key,
    size: head.ContentLength ?? 0,
    eTag: (put.ETag ?? head.ETag ?? '').replace(/"/g, ''),
    versionId: put.VersionId,
    sequencer: nextSequencer(),
  };
}

/**
 * Deletes an object (or, with `VersionId`, one version) and returns the record S3's
 * `ObjectRemoved:*` event carries: `Delete` with the version deleted, or `DeleteMarkerCreated` with
 * the marker's version (a versioned bucket without `VersionId`), and a sequencer taken then.
 *
 * @example const removed = await deleteObjectForEvent(s3, { Bucket, Key: 'uploads/a.jpg' });
 */
export async function deleteObjectForEvent(
  s3: S3Client,
  input: { Bucket: string; Key: string; VersionId?: string },
): Promise<S3EventRecordInput> {
  const deleted = await s3.send(new DeleteObjectCommand(input));
  const marker = deleted.DeleteMarker === true && input.VersionId === undefined;
  return {
    bucket: input.Bucket,
    key: input.Key,
    eventName: marker ? 'ObjectRemoved:DeleteMarkerCreated' : 'ObjectRemoved:Delete',
    ...(deleted.VersionId === undefined || deleted.VersionId === 'null'
      ? {}
      : { versionId: deleted.VersionId }),
    sequencer: nextSequencer(),
  };
}
