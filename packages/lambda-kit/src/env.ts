import { ConfigError } from './errors.js';
import { normalizePrefix } from './keys.js';

/** The environment to read: `process.env` by default, a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

function raw(name: string, env: Env): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * A variable that must be set to a non-empty value.
 *
 * @throws {ConfigError} naming the variable when it is unset or empty.
 */
export function requiredString(name: string, env: Env = process.env): string {
  const value = raw(name, env);
  if (value === undefined) throw new ConfigError(name, 'a non-empty value', env[name]);
  return value;
}

/** A variable with a default used when it is unset or empty. */
export function optionalString(name: string, defaultValue: string, env: Env = process.env): string {
  return raw(name, env) ?? defaultValue;
}

/** A variable that may be unset: `undefined` then. */
export function maybeString(name: string, env: Env = process.env): string | undefined {
  return raw(name, env);
}

/**
 * A positive safe integer (digits only, e.g. `8388608`). Without `defaultValue` it is required.
 *
 * @throws {ConfigError} naming the variable when missing (and required) or not a positive integer.
 */
export function positiveInt(name: string, defaultValue?: number, env: Env = process.env): number {
  const value = raw(name, env);
  if (value === undefined) {
    if (defaultValue === undefined) throw new ConfigError(name, 'a positive integer', env[name]);
    return defaultValue;
  }
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new ConfigError(name, 'a positive integer', value);
  }
  return parsed;
}

/**
 * One of a fixed set of values (case-sensitive). Without `defaultValue` it is required.
 *
 * @throws {ConfigError} naming the variable and the allowed values.
 */
export function oneOf<T extends string>(
  name: string,
  allowed: readonly T[],
  defaultValue?: T,
  env: Env = process.env,
): T {
  const value = raw(name, env);
  if (value === undefined) {
    if (defaultValue === undefined) throw new ConfigError(name, `one of ${allowed.join(', ')}`, env[name]);
    return defaultValue;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}

/** Like {@link oneOf}, but `undefined` when unset. */
export function optionalOneOf<T extends string>(
  name: string,
  allowed: readonly T[],
  env: Env = process.env,
): T | undefined {
  return raw(name, env) === undefined ? undefined : oneOf(name, allowed, undefined, env);
}

/** A comma-separated list (items trimmed, empty items dropped); `defaultValue` when unset. */
export function commaList(name: string, defaultValue: readonly string[], env: Env = process.env): string[] {
  const value = raw(name, env);
  if (value === undefined) return [...defaultValue];
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new ConfigError(name, 'a comma-separated list of at least one item', value);
  return items;
}

/**
 * A JSON value, parsed but not validated (validate the shape in the app).
 *
 * @throws {ConfigError} naming the variable when it is missing (and no default) or not JSON.
 */
export function jsonValue(name: string, defaultValue?: unknown, env: Env = process.env): unknown {
  const value = raw(name, env);
  if (value === undefined) {
    if (defaultValue === undefined) throw new ConfigError(name, 'a JSON value', env[name]);
    return defaultValue;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch (cause) {
    throw new ConfigError(name, 'valid JSON', value, { cause });
  }
}

/** A key prefix, folder-normalized by {@link normalizePrefix} (`''` means the whole bucket). */
export function keyPrefix(name: string, defaultValue: string, env: Env = process.env): string {
  const value = env[name] === undefined ? defaultValue : (env[name] ?? '').trim();
  return normalizePrefix(value);
}

const BUCKET_NAME = /^(?!xn--)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * An S3 bucket name (3-63 characters: lowercase letters, digits, `.` and `-`).
 *
 * @throws {ConfigError} naming the variable when missing or not a valid bucket name.
 */
export function bucketName(name: string, env: Env = process.env): string {
  const value = requiredString(name, env);
  if (!BUCKET_NAME.test(value) || value.includes('..')) {
    throw new ConfigError(name, 'an S3 bucket name', value);
  }
  return value;
}
