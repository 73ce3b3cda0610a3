/**
 * Whose fault a failed decode was. libvips reports every failure through sharp as a plain Error
 * with only a message (a truncated file and an exhausted allocator look alike), and messages are
 * not a contract. So the verdict comes from what the input does: the same bytes, decoded again in
 * a fresh pipeline at the smallest size (shrink-on-load, little memory), with the same strictness.
 * If that works, the input is sound and the first failure was the machine's (memory, resources):
 * ImageProcessingError, which callers may retry. If it fails too, the input is corrupt.
 */
import { ImageInputError, ImageProcessingError, type ImageCoreError } from './errors.js';

/** Width of a verification decode: enough to read every block of the file, with little memory. */
export const VERIFY_WIDTH = 8;

/**
 * The error for a failed decode, given a way to decode the same input again, small.
 *
 * @param verify decodes the same bytes with the same options (colour conversion included) at
 *   VERIFY_WIDTH, in a fresh pipeline; rejects when the input is at fault.
 * @param what which step failed, for the message.
 */
export async function decodeFailure(
  verify: () => Promise<unknown>,
  cause: unknown,
  what: string,
): Promise<ImageCoreError> {
  // A JavaScript allocation failure (a RangeError from Buffer or ArrayBuffer) is never the input's fault.
  if (cause instanceof RangeError) return new ImageProcessingError(`${what} ran out of memory`, { cause });
  try {
    await verify();
  } catch {
    return new ImageInputError('CORRUPT', `The image could not be decoded (${what})`, { cause });
  }
  return new ImageProcessingError(`${what} failed, but the input decodes: not the input's fault`, { cause });
}
