import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { objectVersionOf, PermanentError, withS3Errors, type S3ObjectRef } from '@pipeline/lambda-kit';

/** An object's bytes, and which version of it they are. */
export interface SourceObject {
  readonly body: Buffer;
  readonly eTag?: string;
  readonly versionId?: string;
}

/** The object is bigger than the configured limit; its body was never read. */
class InputTooLargeError extends PermanentError {
  constructor(bytes: number, limit: number) {
    super('INPUT_TOO_LARGE', `The object is ${bytes} bytes, over the limit of ${limit} (MAX_INPUT_BYTES)`);
  }
}

function discardBody(response: GetObjectCommandOutput): void {
  const body = response.Body as { destroy?: () => void } | undefined;
  body?.destroy?.();
}

/**
 * Reads an object whose size is checked from the response headers before its body is read, so
 * an oversized upload costs one request and no download. What the event names is what is read:
 * its version when it has one, else its ETag (`If-Match`), so a repeated or late event never reads
 * a later overwrite by mistake (that answers 412, `OBJECT_CHANGED`: the caller reports `superseded`).
 *
 * @throws {InputTooLargeError} over `maxBytes`.
 * @throws {PermanentError} `OBJECT_NOT_FOUND` when the object was deleted since the event.
 * @throws {TransientError} for anything a retry may fix (classified by lambda-kit).
 */
export async function readSource(s3: S3Client, object: S3ObjectRef, maxBytes: number): Promise<SourceObject> {
  const action = `GetObject s3://${object.bucket}/${object.key}`;
  const response = await withS3Errors(action, () =>
    s3.send(
      new GetObjectCommand({
        Bucket: object.bucket,
        Key: object.key,
        VersionId: object.versionId,
        IfMatch: object.versionId === undefined && object.eTag !== undefined ? `"${object.eTag}"` : undefined,
      }),
    ),
  );
  const length = response.ContentLength ?? 0;
  if (length > maxBytes) {
    discardBody(response);
    throw new InputTooLargeError(length, maxBytes);
  }
  const bytes = await withS3Errors(action, async () =>
    response.Body ? response.Body.transformToByteArray() : new Uint8Array(),
  );
  return {
    body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    ...objectVersionOf(response),
  };
}
