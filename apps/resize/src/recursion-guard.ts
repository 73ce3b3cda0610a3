import { isUnderPrefix } from '@pipeline/lambda-kit';
import type { ResizeConfig } from './config.js';

/** Which of the function's own folders a key lies in, if any. */
export type OwnFolder = 'output' | 'rejected';

/**
 * The recursion guard: an object in the destination bucket under the output or rejected prefix
 * was (or could have been) written by this function, so processing it could loop. Checked in code
 * whatever the notification filters say, because a filter is one Terraform edit away from `*`.
 *
 * @returns the folder the key lies in, or `undefined` when the object may be processed.
 */
export function ownFolderOf(
  config: Pick<ResizeConfig, 'destinationBucket' | 'outputPrefix' | 'rejectedPrefix'>,
  bucket: string,
  key: string,
): OwnFolder | undefined {
  if (bucket !== config.destinationBucket) return undefined;
  if (isUnderPrefix(key, config.outputPrefix)) return 'output';
  if (isUnderPrefix(key, config.rejectedPrefix)) return 'rejected';
  return undefined;
}
