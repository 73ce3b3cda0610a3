import { KeyDecodeError, PermanentError } from './errors.js';

/**
 * Decodes an object key as S3 puts it in event notifications: `+` is a space, then
 * percent-decoding. A `/` may arrive as-is (real S3) or as `%2F` (moto): both decode to `/`.
 * A literal `+` in the key arrives as `%2B`, so replacing `+` first is correct.
 *
 * @throws {KeyDecodeError} on a malformed percent sequence (`%zz`, a lone `%`, invalid UTF-8).
 * @example decodeS3Key('photos/my+cat%2B1%C3%A9.jpg') // 'photos/my cat+1é.jpg'
 */
export function decodeS3Key(rawKey: string): string {
  try {
    return decodeURIComponent(rawKey.replace(/\+/g, ' '));
  } catch (cause) {
    throw new KeyDecodeError(rawKey, cause);
  }
}

/**
 * Normalizes a configured prefix to folder form: `''` stays `''` (the whole bucket),
 * anything else ends with exactly one `/`, and leading slashes are dropped.
 * So `uploads` matches `uploads/a.jpg` but not `uploads-old/a.jpg`.
 */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

/** True when `key` lies under the (folder-normalized) `prefix`; every key is under `''`. */
export function isUnderPrefix(key: string, prefix: string): boolean {
  return key.startsWith(normalizePrefix(prefix));
}

/**
 * The part of `key` below `prefix` (folder-normalized).
 *
 * @throws {PermanentError} `KEY_OUTSIDE_PREFIX` when the key is not under the prefix
 *   (the notification filter is wider than the function's configuration).
 * @example relativeKey('uploads/2024/a.jpg', 'uploads') // '2024/a.jpg'
 */
export function relativeKey(key: string, prefix: string): string {
  const normalized = normalizePrefix(prefix);
  if (!key.startsWith(normalized)) {
    throw new PermanentError(
      'KEY_OUTSIDE_PREFIX',
      `Key ${JSON.stringify(key)} is not under prefix ${JSON.stringify(normalized)}`,
    );
  }
  return key.slice(normalized.length);
}

/** Joins a prefix (folder-normalized) and a relative key. */
export function joinKey(prefix: string, relative: string): string {
  return normalizePrefix(prefix) + relative;
}
