import { ImageInputError, ImageProcessingError, renderVariants } from '@pipeline/image-core';
import { smallJpeg } from '@pipeline/image-core/testing';
import sharp from 'sharp';

// An encoder failing after a good decode cannot be provoked with any input, so this test (and
// only this one) makes sharp's toBuffer fail on a chosen call.
describe('failures after a good decode', () => {
  const prototype = Object.getPrototypeOf(sharp()) as { toBuffer: (...args: unknown[]) => Promise<unknown> };
  afterEach(() => jest.restoreAllMocks());

  function failCall(failing: number): void {
    const original = prototype.toBuffer;
    let calls = 0;
    jest.spyOn(prototype, 'toBuffer').mockImplementation(function (this: unknown, ...args: unknown[]) {
      calls += 1;
      return calls === failing
        ? Promise.reject(new Error('encoder ran out of memory'))
        : original.apply(this, args);
    });
  }

  it('are ImageProcessingError with the cause kept, not input errors', async () => {
    const input = await smallJpeg();
    failCall(2); // call 1 is the shared decode; call 2 renders a variant from its pixels
    const error = await renderVariants(input, ['thumbnail', 'web']).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ImageProcessingError);
    expect(error).not.toBeInstanceOf(ImageInputError);
    expect(error).toMatchObject({
      code: 'PROCESSING_FAILED',
      cause: { message: 'encoder ran out of memory' },
    });
  });

  it('while a failing decode of the input is CORRUPT', async () => {
    const input = await smallJpeg();
    failCall(1);
    await expect(renderVariants(input, ['thumbnail', 'web'])).rejects.toMatchObject({
      name: 'ImageInputError',
      code: 'CORRUPT',
    });
  });
});
