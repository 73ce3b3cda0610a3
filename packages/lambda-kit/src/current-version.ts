/**
 * Which version of a key is current. S3 delivers events at least once and in no order, so a
 * handler checks that the version an event names is still the key's current one before (and
 * after) writing outputs that claim to describe the key.
 */
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { unlessNotFound } from './s3-errors.js';

/** A version of a key: its version id in a versioned bucket, and its ETag (unquoted). */
export interface ObjectVersion {
  readonly versionId?: string;
  readonly eTag?: string;
}

function unquoted(eTag: string | undefined): string | undefined {
  return eTag?.replace(/"/g, '');
}

/** A version id S3 reports for an unversioned object (`null`) is no version. */
function versionOf(versionId: string | undefined): string | undefined {
  return versionId === undefined || versionId === 'null' ? undefined : versionId;
}

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
  if (head === undefined) return undefined;
  const versionId = versionOf(head.VersionId);
  const eTag = unquoted(head.ETag);
  return { ...(versionId === undefined ? {} : { versionId }), ...(eTag === undefined ? {} : { eTag }) };
}

/**
 * True when `version` (what an event named, or what a handler read) is the key's `current` one.
 * Versioned: the version ids match. Unversioned: the ETags match (no ETag to compare: assumed current).
 * A key deleted since (no current version) counts as current: the event's version is the last one.
 */
export function isCurrentVersion(version: ObjectVersion, current: ObjectVersion | undefined): boolean {
  if (current === undefined) return true;
  const id = versionOf(version.versionId);
  if (id !== undefined || current.versionId !== undefined) return id === current.versionId;
  const eTag = unquoted(version.eTag);
  return eTag === undefined || eTag === unquoted(current.eTag);
}
