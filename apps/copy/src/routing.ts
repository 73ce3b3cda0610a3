import { isUnderPrefix, joinKey, PermanentError, relativeKey, type S3ObjectRef } from '@pipeline/lambda-kit';
import type { CopyConfig } from './config.js';

type Prefixes = Pick<
  CopyConfig,
  'destinationBucket' | 'sourcePrefix' | 'destinationPrefix' | 'rejectedPrefix'
>;

/**
 * Destination key = destination prefix + the key relative to the source prefix.
 *
 * @throws {PermanentError} `KEY_OUTSIDE_PREFIX` when the key is not under the source prefix;
 *   `RECURSION_GUARD` when the copy would land under the source prefix of the same bucket
 *   (it would trigger this function again).
 * @example destinationKeyFor({ sourcePrefix: 'in/', destinationPrefix: 'out/', ... }, ref('in/a/b.txt')) // 'out/a/b.txt'
 */
export function destinationKeyFor(config: Prefixes, object: S3ObjectRef): string {
  const key = joinKey(config.destinationPrefix, relativeKey(object.key, config.sourcePrefix));
  if (object.bucket === config.destinationBucket && isUnderPrefix(key, config.sourcePrefix)) {
    throw new PermanentError(
      'RECURSION_GUARD',
      `Copying s3://${object.bucket}/${object.key} to ${key} would trigger the copy again`,
    );
  }
  return key;
}

/** `<rejected prefix><source bucket>/<source key>.json`: one per source key, so repeats overwrite. */
export function rejectionKeyFor(config: Prefixes, object: S3ObjectRef): string {
  return joinKey(config.rejectedPrefix, `${object.bucket}/${object.key}.json`);
}
