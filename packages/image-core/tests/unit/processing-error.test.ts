import { ImageInputError, ImageProcessingError, renderVariants } from '@pipeline/image-core';
import { smallJpeg, truncatedJpeg } from '@pipeline/image-core/testing';
import sharp from 'sharp';

// A machine fault (an encoder or allocator failing, libvips out of memory) cannot be provoked with
// any input, so this test (and only this one) makes sharp's toBuffer fail on a chosen call. libvips
// reports such faults as plain Errors with a message, like a corrupt file; the message is never read.
describe('failures after a good decode', () => {
  const prototype = Object.getPrototypeOf(sharp()) as { toBuffer: (...args: unknown[]) => Promise<unknown> };
  afterEach(() => jest.restoreAllMocks());

  function failCall(failing: number, error: Error = new Error('vips: out of memory')): void {
    const original = prototype.toBuffer;
    let calls = 0;
    jest.spyOn(prototype, 'toBuffer').mockImplementation(function (this: unknown, ...args: unknown[]) {
      calls += 1;
      return calls === failing ? Promise.reject(error) : original.apply(this, args);
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
      cause: { message: 'vips: out of memory' },
    });
  });

  it('a decode that fails for the machine, not the input, is a processing error too (the input decodes again)', async () => {
    const input = await smallJpeg();
    failCall(1); // the shared decode fails once; the small verification decode works
    await expect(renderVariants(input, ['thumbnail', 'web'])).rejects.toMatchObject({
      name: 'ImageProcessingError',
      code: 'PROCESSING_FAILED',
      cause: { message: 'vips: out of memory' },
    });
  });

  it('so is a JavaScript allocation failure, by its type (no second decode needed)', async () => {
    const input = await smallJpeg();
    failCall(1, new RangeError('Array buffer allocation failed'));
    await expect(renderVariants(input, ['web'])).rejects.toMatchObject({
      code: 'PROCESSING_FAILED',
    });
  });

  it("while a decode that fails again on the small verification is the input's fault: CORRUPT", async () => {
    const truncated = await truncatedJpeg();
    await expect(renderVariants(truncated, ['thumbnail', 'web'])).rejects.toMatchObject({
      name: 'ImageInputError',
      code: 'CORRUPT',
    });
  });
});
