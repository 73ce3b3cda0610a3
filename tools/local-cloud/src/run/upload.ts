/** Uploading an input as a user would, and the event S3 would send for it, from its answer. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { objectVersionOf } from '@pipeline/lambda-kit';
import type { Chaos, RemovalPlan } from './chaos.js';
import type { LocalCloud } from '../deploy/deploy-local.js';
import type { PlannedUpload } from './input-plan.js';
import { eventNameOfETag, type NewObject } from './object-watcher.js';

const PART_SIZE = 8 * 1024 * 1024;

/** Uploads one file (multipart above PART_SIZE); the event S3 would send for it, from S3's answer. */
export async function uploadFile(
  cloud: LocalCloud,
  upload: PlannedUpload,
  file = upload.file,
): Promise<NewObject> {
  const { size } = await stat(file);
  const answer = await new Upload({
    client: cloud.clients.s3,
    params: { Bucket: upload.bucket, Key: upload.key, Body: createReadStream(file) },
    partSize: PART_SIZE,
    queueSize: 2,
  }).done();
  const { versionId, eTag = '' } = objectVersionOf(answer);
  return {
    bucket: upload.bucket,
    key: upload.key,
    versionId,
    eTag,
    size,
    eventName: eventNameOfETag(eTag),
  };
}

/** Another file of the same pipeline and extension, as a key's second version under chaos. */
export function secondContent(
  chaos: Chaos | undefined,
  uploads: readonly PlannedUpload[],
  upload: PlannedUpload,
): string {
  const extension = (file: string): string => file.slice(file.lastIndexOf('.')).toLowerCase();
  const alike = uploads.filter(
    (u) =>
      u.pipeline === upload.pipeline &&
      u.file !== upload.file &&
      extension(u.file) === extension(upload.file),
  );
  return chaos?.pick(alike, 'second-content', upload.bucket, upload.key)?.file ?? upload.file;
}

/**
 * Deletes a key as a user would (chaos's removals): a plain DeleteObject, which adds a delete marker
 * where the bucket keeps versions, or a DeleteObject of `version` itself; the event S3 would send for
 * it, from S3's answer.
 */
export async function removeObject(
  cloud: LocalCloud,
  version: { readonly bucket: string; readonly key: string; readonly versionId: string | undefined },
  how: RemovalPlan['how'],
): Promise<NewObject> {
  const ofVersion = how === 'delete-version' && version.versionId !== undefined;
  const answer = await cloud.clients.s3.send(
    new DeleteObjectCommand({
      Bucket: version.bucket,
      Key: version.key,
      ...(ofVersion ? { VersionId: version.versionId } : {}),
    }),
  );
  return {
    bucket: version.bucket,
    key: version.key,
    versionId: answer.VersionId ?? (ofVersion ? version.versionId : undefined),
    eTag: '',
    size: 0,
    eventName: answer.DeleteMarker === true ? 'ObjectRemoved:DeleteMarkerCreated' : 'ObjectRemoved:Delete',
  };
}
