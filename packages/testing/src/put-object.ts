import {
  HeadObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { S3EventRecordInput } from '@pipeline/cloud-emulator';

/**
 * Puts an object in the emulator and returns what S3's event record for it carries: its size as
 * S3 stored it, its ETag without quotes, and its version (when the bucket is versioned).
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
  };
}
