import { GetObjectTaggingCommand, HeadObjectCommand, type S3Client, type Tag } from '@aws-sdk/client-s3';
import { SOURCE_IDENTITY_NAME, unlessNotFound, withS3Errors } from '@pipeline/lambda-kit';

/*
 * A copy records which source version it came from (lambda-kit's `sourceIdentity`) under
 * `SOURCE_IDENTITY_NAME`: user metadata `x-amz-meta-pipeline-source` when that does not clash,
 * otherwise an object tag.
 */

/** S3 allows 2 KiB of user metadata (UTF-8 bytes of every key and value) and 10 tags. */
const METADATA_LIMIT_BYTES = 2048;
const TAG_LIMIT = 10;

/** Where a copy's identity goes: metadata, a tag, or nowhere (both would clash or overflow). */
export type IdentityPlacement = 'metadata' | 'tag' | 'none';

function metadataBytes(metadata: Readonly<Record<string, string>>): number {
  return Object.entries(metadata).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );
}

/** Metadata unless the source already uses the name or the 2 KiB limit would overflow. */
export function metadataHasRoom(metadata: Readonly<Record<string, string>>): boolean {
  const clash = Object.keys(metadata).some((key) => key.toLowerCase() === SOURCE_IDENTITY_NAME);
  return !clash && metadataBytes(metadata) + SOURCE_IDENTITY_NAME.length + 64 <= METADATA_LIMIT_BYTES;
}

/** The tag fallback: only when the source has a free tag slot and no tag of that name. */
export function tagsHaveRoom(tags: readonly Tag[]): boolean {
  return tags.length < TAG_LIMIT && !tags.some((tag) => tag.Key === SOURCE_IDENTITY_NAME);
}

/** A copy found in place: its size and version, as the catalog lists it. */
export interface FoundCopy {
  readonly bytes: number;
  readonly versionId?: string;
}

/**
 * The destination's copy when it already holds exactly this source version (a repeated event): the
 * identity sits in its metadata, or (fallback placement) in its tags. Undefined otherwise.
 */
export async function alreadyCopied(
  s3: S3Client,
  bucket: string,
  key: string,
  identity: string,
): Promise<FoundCopy | undefined> {
  const head = await unlessNotFound(`HeadObject s3://${bucket}/${key}`, () =>
    s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
  );
  if (head === undefined) return undefined;
  const found = { bytes: head.ContentLength ?? 0, versionId: head.VersionId };
  if (head.Metadata?.[SOURCE_IDENTITY_NAME] === identity) return found;
  const tagging = await withS3Errors(`GetObjectTagging s3://${bucket}/${key}`, () =>
    s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key })),
  );
  const tagged = (tagging.TagSet ?? []).some(
    (tag) => tag.Key === SOURCE_IDENTITY_NAME && tag.Value === identity,
  );
  return tagged ? found : undefined;
}
