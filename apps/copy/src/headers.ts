import type { CreateMultipartUploadCommandInput, Tag } from '@aws-sdk/client-s3';
import { SOURCE_IDENTITY_NAME } from '@pipeline/lambda-kit';
import type { CopyConfig } from './config.js';
import type { IdentityPlacement } from './identity.js';
import type { SourceObject } from './source.js';

/** The headers both copy paths set on the destination (CopyObject with REPLACE, CreateMultipartUpload). */
export type DestinationHeaders = Pick<
  CreateMultipartUploadCommandInput,
  | 'ContentType'
  | 'CacheControl'
  | 'ContentDisposition'
  | 'ContentEncoding'
  | 'ContentLanguage'
  | 'Expires'
  | 'Metadata'
  | 'StorageClass'
  | 'ServerSideEncryption'
  | 'SSEKMSKeyId'
>;

/** What the destination carries: the source's headers and user metadata as they are, plus the configured class and encryption. */
export function destinationHeaders(
  config: CopyConfig,
  source: SourceObject,
  identity: string,
  placement: IdentityPlacement,
): DestinationHeaders {
  return {
    ContentType: source.contentType,
    CacheControl: source.cacheControl,
    ContentDisposition: source.contentDisposition,
    ContentEncoding: source.contentEncoding,
    ContentLanguage: source.contentLanguage,
    Expires: source.expires,
    Metadata:
      placement === 'metadata'
        ? { ...source.metadata, [SOURCE_IDENTITY_NAME]: identity }
        : { ...source.metadata },
    StorageClass: config.storageClass,
    ServerSideEncryption: config.sse,
    SSEKMSKeyId: config.kmsKeyId,
  };
}

/** The source's tags, plus the identity tag when that is where the identity goes. */
export function destinationTags(tags: readonly Tag[], identity: string, placement: IdentityPlacement): Tag[] {
  return placement === 'tag' ? [...tags, { Key: SOURCE_IDENTITY_NAME, Value: identity }] : [...tags];
}

/** The `x-amz-tagging` header: URL-encoded `key=value` pairs joined by `&`. */
export function taggingHeader(tags: readonly Tag[]): string | undefined {
  if (tags.length === 0) return undefined;
  return tags
    .map((tag) => `${encodeURIComponent(tag.Key ?? '')}=${encodeURIComponent(tag.Value ?? '')}`)
    .join('&');
}
