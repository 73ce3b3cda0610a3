/**
 * Which version of a key is current. S3 delivers events at least once and in no order, so a
 * handler checks that the version an event names is still the key's current one before (and
 * after) writing outputs that claim to describe the key.
 */
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { objectVersionOf, unquotedETag, versionIdOf, type ObjectVersion } from './object-version.js';
import { unlessNotFound } from './s3-errors.js';

/**
 * The key's current version, or undefined when it has none (deleted: a 404, or a delete marker).
 * Needs `s3:ListBucket` on the prefix: without it S3 answers a missing key with 403.
 *
 * @example const current = await currentVersion(s3, 'ingest', 'uploads/cat.jpg');
 */
export async function currentVersion(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<ObjectVersion | undefined> {
  const head = await unlessNotFound(`HeadObject s3://${bucket}/${key}`, () =>
    s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
  );
  return head === undefined ? undefined : objectVersionOf(head);
}

/**
 * True when `version` (what an event named, or what a handler read) is the key's `current` one.
 * Versioned: the version ids match. Unversioned: the ETags match (no ETag to compare: assumed current).
 * A key deleted since (no current version) counts as current: the event's version is the last one.
 */
export function isCurrentVersion(version: ObjectVersion, current: ObjectVersion | undefined): boolean {
  if (current === undefined) return true;
  const id = versionIdOf(version.versionId);
  if (id !== undefined || current.versionId !== undefined) return id === current.versionId;
  const eTag = unquotedETag(version.eTag);
  return eTag === undefined || eTag === unquotedETag(current.eTag);
}
