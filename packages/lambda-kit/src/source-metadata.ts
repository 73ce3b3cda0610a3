/**
 * Lineage on every output: S3 user metadata naming the source object and the version it was made
 * from, so a reader of any output (and the local cloud's checks) can tell which upload it
 * describes without the record that wrote it. A copy keeps its source's metadata as it is, so it
 * carries one value instead: {@link sourceIdentity}, under {@link SOURCE_IDENTITY_NAME}.
 */
import { createHash } from 'node:crypto';
import type { S3ObjectRef } from './event.js';
import { unquotedETag } from './object-version.js';

/** S3 keeps at most 2 KB of user metadata; the source key is left out (its hash kept) above this. */
const MAX_SOURCE_KEY_METADATA_BYTES = 1536;

/** The version of the source an output was made from. */
export interface SourceVersionRef {
  readonly versionId?: string;
  /** Bare (no quotes). */
  readonly eTag?: string;
}

/**
 * Where a copy records which source version it came from: the user metadata key
 * (`x-amz-meta-pipeline-source`), or the tag key when the metadata has no room.
 */
export const SOURCE_IDENTITY_NAME = 'pipeline-source';

/** A source version as {@link sourceIdentity} names it. */
export interface SourceIdentityParts {
  readonly bucket: string;
  readonly key: string;
  /** As S3 reported it; none for an unversioned object. */
  readonly versionId?: string;
  /** Quoted or bare. */
  readonly eTag: string;
}

/**
 * The identity of a source version, written by copy and read back by whoever checks a copy (copy
 * itself for duplicates, the local cloud's provenance): the SHA-256 (hex) of the JSON array
 * `[bucket, key, versionId or '', bare ETag]`, so fixed length and ASCII whatever the key holds.
 *
 * @example sourceIdentity({ bucket: 'ingest', key: 'a.txt', versionId: 'v1', eTag: '"9b2c..."' }) // 64 hex digits
 */
export function sourceIdentity(source: SourceIdentityParts): string {
  const parts = [source.bucket, source.key, source.versionId ?? '', unquotedETag(source.eTag)];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * User metadata naming the source: `source-bucket`, `source-key` (or `source-key-sha256`),
 * `source-version-id` and `source-etag`. S3 metadata travels in HTTP headers, which carry ASCII
 * only, so the key is percent-encoded (UTF-8, `encodeURIComponent`). A long non-ASCII key can encode
 * to three times its 1,024 bytes, past S3's 2 KB of metadata: then only its SHA-256 is kept.
 */
export function sourceMetadata(object: S3ObjectRef, version: SourceVersionRef): Record<string, string> {
  const encodedKey = encodeURIComponent(object.key);
  const keyField: Record<string, string> =
    encodedKey.length <= MAX_SOURCE_KEY_METADATA_BYTES
      ? { 'source-key': encodedKey }
      : { 'source-key-sha256': createHash('sha256').update(object.key).digest('hex') };
  return {
    'source-bucket': object.bucket,
    ...keyField,
    ...(version.versionId === undefined ? {} : { 'source-version-id': version.versionId }),
    ...(version.eTag === undefined ? {} : { 'source-etag': unquotedETag(version.eTag) }),
  };
}
