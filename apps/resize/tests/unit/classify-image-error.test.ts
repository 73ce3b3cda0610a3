import { ImageInputError, ImageOptionsError, ImageProcessingError } from '@pipeline/image-core';
import { PermanentError, TransientError } from '@pipeline/lambda-kit';
import { classifyImageError } from '../../src/resize.js';

describe('classifyImageError', () => {
  it.each(['EMPTY', 'UNSUPPORTED_FORMAT', 'CORRUPT', 'TOO_MANY_PIXELS'] as const)(
    'makes a bad input (%s) permanent, keeping code and cause',
    (code) => {
      const input = new ImageInputError(code, 'bad');
      const classified = classifyImageError(input);
      expect(classified).toBeInstanceOf(PermanentError);
      expect(classified).toMatchObject({ code, cause: input });
    },
  );

  it('makes a failure after a good decode transient (retried)', () => {
    const failure = new ImageProcessingError('encoder ran out of memory');
    expect(classifyImageError(failure)).toBeInstanceOf(TransientError);
    expect(classifyImageError(failure)).toMatchObject({ code: 'IMAGE_PROCESSING_FAILED', cause: failure });
  });

  it('leaves anything else (a programming error) as it is, so it is retried and surfaces', () => {
    const options = new ImageOptionsError('variants[0]', 'Expected a preset name');
    expect(classifyImageError(options)).toBe(options);
  });
});
