import type { ImageCoreError } from '@pipeline/image-core';
import { CodedError, expectedMessage, isCodedError } from '../src/index.js';

class SampleError extends CodedError<'SAMPLE'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SAMPLE', message, options);
  }
}

describe('CodedError', () => {
  it('carries its code, its subclass name and the cause', () => {
    const cause = new Error('below');
    const error = new SampleError('above', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(isCodedError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'SAMPLE', name: 'SampleError', message: 'above', cause });
    expect(isCodedError(new Error('plain'))).toBe(false);
  });

  it('writes every validation message in one shape', () => {
    expect(expectedMessage('a positive integer', 'ROW_GROUP_ROWS', '0')).toBe(
      'Expected a positive integer for ROW_GROUP_ROWS but received "0"',
    );
    expect(expectedMessage('a bucket name', 'DESTINATION_BUCKET', undefined)).toBe(
      'Expected a bucket name for DESTINATION_BUCKET but received nothing',
    );
    expect(expectedMessage('an object', 'event', 'x'.repeat(500))).toBe(
      `Expected an object for event but received "${'x'.repeat(119)}…`,
    );
  });

  it("has the shape of image-core's own base, which the published package keeps without dependencies", () => {
    type Shape = Pick<CodedError, 'code' | 'cause' | 'name' | 'message'>;
    const sameShape = (error: ImageCoreError): Shape => error;
    expect(sameShape).toBeDefined();
  });
});
