import { GetObjectTaggingCommand, HeadObjectCommand, type S3Client, type Tag } from '@aws-sdk/client-s3';
import {
  unlessNotFound,
  unquotedETag,
  versionIdOf,
  withS3Errors,
  type S3ObjectRef,
} from '@pipeline/lambda-kit';

/** The source object as HeadObject (and GetObjectTagging) describe it. */
export interface SourceObject {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  /** Quoted, as S3 returns it (what CopySourceIfMatch expects). */
  readonly eTag: string;
  readonly size: number;
  readonly contentType?: string;
  readonly cacheControl?: string;
  readonly contentDisposition?: string;
  readonly contentEncoding?: string;
  readonly contentLanguage?: string;
  readonly expires?: Date;
  readonly metadata: Readonly<Record<string, string>>;
}

/** ETags compare without their quotes (events carry them bare, HeadObject quoted). */
function sameETag(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && unquotedETag(a) === unquotedETag(b);
}

/** Reads the source's size, ETag, headers and user metadata (the event's version when it names one). */
async function headSource(s3: S3Client, object: S3ObjectRef): Promise<SourceObject> {
  const head = await withS3Errors(`HeadObject s3://${object.bucket}/${object.key}`, () =>
    s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key, VersionId: object.versionId })),
  );
  return {
    bucket: object.bucket,
    key: object.key,
    versionId: head.VersionId ?? object.versionId,
    eTag: head.ETag ?? '',
    size: head.ContentLength ?? 0,
    contentType: head.ContentType,
    cacheControl: head.CacheControl,
    contentDisposition: head.ContentDisposition,
    contentEncoding: head.ContentEncoding,
    contentLanguage: head.ContentLanguage,
    expires: head.Expires,
    metadata: head.Metadata ?? {},
  };
}

/** The key's current object, or undefined when it has none (deleted since: a delete marker). */
function currentSource(s3: S3Client, object: S3ObjectRef): Promise<SourceObject | undefined> {
  return unlessNotFound(`HeadObject s3://${object.bucket}/${object.key}`, () =>
    headSource(s3, { ...object, versionId: undefined }),
  );
}

/**
 * The source the event names, or undefined when a newer object has superseded it: S3 does not
 * deliver events in order, so an older object's event can come after a newer one's. Unversioned:
 * the object's ETag is no longer the event's. Versioned: the event's version is no longer the
 * key's current one; a key deleted since (no current version) still gives the event's version.
 * One HeadObject either way while the event is current.
 */
export async function eventSource(s3: S3Client, object: S3ObjectRef): Promise<SourceObject | undefined> {
  if (object.versionId === undefined) {
    const source = await headSource(s3, object);
    return object.eTag !== undefined && !sameETag(object.eTag, source.eTag) ? undefined : source;
  }
  const current = await currentSource(s3, object);
  if (current === undefined) return headSource(s3, object);
  return current.versionId === object.versionId ? current : undefined;
}

/** The source's tags (of its version). */
export async function sourceTags(s3: S3Client, source: SourceObject): Promise<Tag[]> {
  const tagging = await withS3Errors(`GetObjectTagging s3://${source.bucket}/${source.key}`, () =>
    s3.send(
      new GetObjectTaggingCommand({ Bucket: source.bucket, Key: source.key, VersionId: source.versionId }),
    ),
  );
  return tagging.TagSet ?? [];
}

/** The `CopySource` header: bucket/key URL-encoded per path segment, plus `?versionId=` when versioned. */
export function copySourceOf(source: Pick<SourceObject, 'bucket' | 'key' | 'versionId'>): string {
  const path = `${source.bucket}/${source.key.split('/').map(encodeURIComponent).join('/')}`;
  const versionId = versionIdOf(source.versionId);
  return versionId === undefined ? path : `${path}?versionId=${encodeURIComponent(versionId)}`;
}
