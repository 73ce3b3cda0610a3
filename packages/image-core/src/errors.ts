/**
 * Why an input image was refused.
 *
 * @example
 * if (error instanceof ImageInputError && error.code === 'TOO_MANY_PIXELS') console.log('too large');
 */
export type ImageInputErrorCode = 'EMPTY' | 'UNSUPPORTED_FORMAT' | 'CORRUPT' | 'TOO_MANY_PIXELS';

/**
 * Every error code this package throws, across its error classes.
 *
 * @example
 * const permanent = (code: ImageCoreErrorCode) => code !== 'PROCESSING_FAILED';
 */
export type ImageCoreErrorCode = ImageInputErrorCode | 'INVALID_OPTION' | 'PROCESSING_FAILED';

/**
 * Base class of every error thrown by this package. Classify by class or by `code`,
 * never by message text.
 *
 * @example
 * try {
 *   await renderVariants(input, ['web']);
 * } catch (error) {
 *   if (error instanceof ImageCoreError) console.log(error.code);
 * }
 */
export class ImageCoreError extends Error {
  /** Stable, machine-readable reason. */
  readonly code: ImageCoreErrorCode;

  constructor(code: ImageCoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * The input is not an image this package will process: a permanent failure, so a caller
 * should record a rejection and not retry.
 *
 * @example
 * try {
 *   await probe(Buffer.alloc(0));
 * } catch (error) {
 *   if (error instanceof ImageInputError && error.code === 'EMPTY') console.log('empty upload');
 * }
 */
export class ImageInputError extends ImageCoreError {
  declare readonly code: ImageInputErrorCode;

  constructor(code: ImageInputErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * The caller passed an invalid variant or option (a programming error, found before any work).
 * The message follows one shape: "Expected <what> for <option> but received <value>".
 *
 * @example
 * await renderVariants(input, [{ name: 'bad', width: -1 }]).catch((error: unknown) => {
 *   if (error instanceof ImageOptionsError) console.log(error.option); // 'variants[0].width'
 * });
 */
export class ImageOptionsError extends ImageCoreError {
  declare readonly code: 'INVALID_OPTION';
  /** Path of the offending option, e.g. `variants[1].quality`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super('INVALID_OPTION', message);
    this.option = option;
  }
}

/**
 * Rendering failed for a reason that is not the input's: an encoder or allocator failed after a
 * good decode, or a decode failed while the same input decodes on a second, smaller attempt
 * (libvips out of memory, resource exhaustion). Callers may treat it as transient.
 *
 * @example
 * try {
 *   await renderVariants(input, ['thumbnail', 'web']);
 * } catch (error) {
 *   if (error instanceof ImageProcessingError) throw error; // let the platform retry
 * }
 */
export class ImageProcessingError extends ImageCoreError {
  declare readonly code: 'PROCESSING_FAILED';

  constructor(message: string, options?: { cause?: unknown }) {
    super('PROCESSING_FAILED', message, options);
  }
}
