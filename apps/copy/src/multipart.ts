import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  BatchError,
  classifyS3Error,
  PermanentError,
  processBatch,
  withS3Errors,
  type Log,
} from '@pipeline/lambda-kit';
import { S3_LIMITS } from './config.js';
import type { DestinationHeaders } from './headers.js';
import { copySourceOf, type SourceObject } from './source.js';

/** One part: inclusive byte range of the source. */
export interface PartRange {
  readonly partNumber: number;
  readonly start: number;
  readonly end: number;
}

/** Splits `size` bytes into parts of `partSize`, grown if needed to stay within 10,000 parts. */
export function planParts(size: number, partSize: number): PartRange[] {
  const effective = Math.max(partSize, Math.ceil(size / S3_LIMITS.maxParts));
  const parts: PartRange[] = [];
  for (let start = 0, partNumber = 1; start < size; start += effective, partNumber++) {
    parts.push({ partNumber, start, end: Math.min(start + effective, size) - 1 });
  }
  return parts;
}

export interface MultipartCopyRequest {
  readonly source: SourceObject;
  readonly bucket: string;
  readonly key: string;
  readonly headers: DestinationHeaders;
  readonly tagging?: string;
  readonly partSizeBytes: number;
  readonly partConcurrency: number;
}

/** A failed part batch as one error: permanent if any part failed permanently (e.g. the source changed). */
function partsFailure(error: unknown): PermanentError | Error {
  if (!(error instanceof BatchError)) return classifyS3Error(error, 'UploadPartCopy');
  const classified = error.failures.map((failure) =>
    classifyS3Error(failure.error, `UploadPartCopy part ${(failure.item as PartRange).partNumber}`),
  );
  return classified.find((candidate) => candidate.permanent) ?? classified[0] ?? error;
}

async function copyParts(
  s3: S3Client,
  request: MultipartCopyRequest,
  uploadId: string,
): Promise<CompletedPart[]> {
  const copySource = copySourceOf(request.source);
  return processBatch(
    planParts(request.source.size, request.partSizeBytes),
    request.partConcurrency,
    async (part) => {
      const result = await s3.send(
        new UploadPartCopyCommand({
          Bucket: request.bucket,
          Key: request.key,
          UploadId: uploadId,
          PartNumber: part.partNumber,
          CopySource: copySource,
          CopySourceIfMatch: request.source.eTag,
          CopySourceRange: `bytes=${part.start}-${part.end}`,
        }),
      );
      return { PartNumber: part.partNumber, ETag: result.CopyPartResult?.ETag };
    },
    { stopOnFirstError: true, what: 'parts' },
  );
}

/**
 * Server-side multipart copy: CreateMultipartUpload with the destination headers and tags,
 * UploadPartCopy in parallel (bounded; each pinned to the source ETag and version), then
 * CompleteMultipartUpload. Any failure aborts the upload, so no orphaned parts are billed.
 *
 * @returns the number of parts copied and the destination's new version, when versioned.
 */
export async function multipartCopy(
  s3: S3Client,
  log: Log,
  request: MultipartCopyRequest,
): Promise<{ parts: number; versionId?: string }> {
  const { bucket, key } = request;
  const created = await withS3Errors(`CreateMultipartUpload s3://${bucket}/${key}`, () =>
    s3.send(
      new CreateMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        ...request.headers,
        Tagging: request.tagging,
      }),
    ),
  );
  const uploadId = created.UploadId ?? '';
  try {
    const parts = await copyParts(s3, request, uploadId).catch((error: unknown) => {
      throw partsFailure(error);
    });
    const completed = await withS3Errors(`CompleteMultipartUpload s3://${bucket}/${key}`, () =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      ),
    );
    return { parts: parts.length, versionId: completed.VersionId };
  } catch (error) {
    await s3
      .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
      .catch((abortError: unknown) => {
        log.warn('multipart upload not aborted (the lifecycle rule removes it)', {
          bucket,
          key,
          uploadId,
          error: abortError,
        });
      });
    throw error;
  }
}
