/**
 * A version of an object as the pipelines compare it: S3 quotes ETags in its headers (events carry
 * them bare), and reports the version of an object in an unversioned or suspended bucket as the
 * string `null`. Both are normalised here, once, for every reader.
 */

/** A version of a key: its version id in a versioned bucket, and its ETag (unquoted). */
export interface ObjectVersion {
  readonly versionId?: string;
  readonly eTag?: string;
}

/** What S3 answers about an object's version (HeadObject, GetObject, PutObject, CopyObject, Upload). */
export interface S3VersionFields {
  readonly VersionId?: string;
  readonly ETag?: string;
}

/**
 * An ETag without its quotes (S3's headers quote it, events do not): the form every comparison uses.
 *
 * @example unquotedETag('"9b2cf535f27731c974343645a3985328"') // '9b2cf535f27731c974343645a3985328'
 */
export function unquotedETag(eTag: string): string;
export function unquotedETag(eTag: string | undefined): string | undefined;
export function unquotedETag(eTag: string | undefined): string | undefined {
  return eTag?.replace(/"/g, '');
}

/**
 * A version id as S3 reports it, with `null` (an unversioned or suspended bucket's object) as none.
 *
 * @example versionIdOf('null') // undefined
 */
export function versionIdOf(versionId: string | undefined): string | undefined {
  return versionId === undefined || versionId === 'null' ? undefined : versionId;
}

/**
 * The version an S3 answer describes: its ETag unquoted, a `null` version id left out (as is
 * anything S3 did not report).
 *
 * @example const version = objectVersionOf(await s3.send(new HeadObjectCommand({ Bucket, Key })));
 */
export function objectVersionOf(head: S3VersionFields): ObjectVersion {
  const versionId = versionIdOf(head.VersionId);
  const eTag = unquotedETag(head.ETag);
  return { ...(versionId === undefined ? {} : { versionId }), ...(eTag === undefined ? {} : { eTag }) };
}
