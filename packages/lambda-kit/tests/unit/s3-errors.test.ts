import { S3ServiceException } from '@aws-sdk/client-s3';
import {
  classifyS3Error,
  PermanentError,
  TransientError,
  unlessNotFound,
  withS3Errors,
} from '../../src/index.js';

function sdkError(name: string, status: number): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: 'irrelevant text',
  });
}

describe('classifyS3Error', () => {
  it.each([
    ['NoSuchKey', 404, PermanentError, 'OBJECT_NOT_FOUND'],
    ['NotFound', 404, PermanentError, 'OBJECT_NOT_FOUND'],
    ['UnknownError', 404, PermanentError, 'OBJECT_NOT_FOUND'],
    ['PreconditionFailed', 412, PermanentError, 'OBJECT_CHANGED'],
    ['InvalidObjectState', 403, PermanentError, 'OBJECT_ARCHIVED'],
    ['AccessDenied', 403, TransientError, 'ACCESS_DENIED'],
    ['NoSuchBucket', 404, TransientError, 'BUCKET_NOT_FOUND'],
    ['SlowDown', 503, TransientError, 'S3_THROTTLED'],
    ['InternalError', 500, TransientError, 'S3_UNAVAILABLE'],
    // A request S3 refuses as malformed stays malformed: retrying it cannot help.
    ['KeyTooLongError', 400, PermanentError, 'KEY_TOO_LONG'],
    ['MetadataTooLarge', 400, PermanentError, 'METADATA_TOO_LARGE'],
    ['InvalidArgument', 400, PermanentError, 'S3_REQUEST_INVALID'],
    ['InvalidRequest', 400, PermanentError, 'S3_REQUEST_INVALID'],
    // ...except the 400s that describe the moment, not the request.
    ['RequestTimeout', 400, TransientError, 'S3_UNAVAILABLE'],
    ['BadDigest', 400, TransientError, 'S3_UNAVAILABLE'],
    ['IncompleteBody', 400, TransientError, 'S3_UNAVAILABLE'],
    ['ExpiredToken', 400, TransientError, 'ACCESS_DENIED'],
    ['OperationAborted', 409, TransientError, 'S3_UNEXPECTED'],
  ])('%s (HTTP %d) is %p with code %s', (name, status, kind, code) => {
    const original = sdkError(name, status);
    const classified = classifyS3Error(original, 'GetObject a');
    expect(classified).toBeInstanceOf(kind);
    expect(classified.code).toBe(code);
    expect(classified.cause).toBe(original);
    expect(classified.message).toBe(`GetObject a failed: ${name} (HTTP ${status})`);
  });

  it('treats socket errors as transient NETWORK and leaves pipeline errors alone', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyS3Error(reset)).toMatchObject({ code: 'NETWORK', permanent: false });
    expect(classifyS3Error(new TypeError('bug'))).toMatchObject({ code: 'S3_UNEXPECTED', permanent: false });
    const already = new PermanentError('X', 'x');
    expect(classifyS3Error(already)).toBe(already);
  });

  it('wraps a failing call', async () => {
    await expect(
      withS3Errors('HeadObject k', () => Promise.reject(sdkError('NotFound', 404))),
    ).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
    await expect(withS3Errors('HeadObject k', () => Promise.resolve(7))).resolves.toBe(7);
  });

  it('gives undefined for an object that is not there, and still throws any other failure', async () => {
    await expect(
      unlessNotFound('HeadObject k', () => Promise.reject(sdkError('NotFound', 404))),
    ).resolves.toBeUndefined();
    await expect(
      unlessNotFound('HeadObject k', () => Promise.reject(sdkError('NoSuchVersion', 404))),
    ).resolves.toBeUndefined();
    await expect(
      unlessNotFound('HeadObject k', () => Promise.reject(sdkError('AccessDenied', 403))),
    ).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    await expect(unlessNotFound('HeadObject k', () => Promise.resolve(7))).resolves.toBe(7);
  });
});
