/**
 * Small field checkers with one message shape ("expected ... but received ..."), each naming
 * the field's dotted path through ConfigError.
 */
import { ConfigError } from '../errors.js';

export function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export function checkIntegerRange(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      field,
      `expected an integer between ${min} and ${max} but received ${describe(value)}`,
    );
  }
}

export function checkOneOf<T>(field: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    throw new ConfigError(
      field,
      `expected one of ${allowed.map(describe).join(', ')} but received ${describe(value)}`,
    );
  }
}

export function checkPattern(field: string, value: string, pattern: RegExp, what: string): void {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new ConfigError(field, `expected ${what} but received ${describe(value)}`);
  }
}

export function checkUnique(field: string, values: readonly string[]): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value))
      throw new ConfigError(field, `expected unique names but ${describe(value)} appears twice`);
    seen.add(value);
  }
}

/** Folder-style S3 prefix: segments of safe characters, no leading or trailing slash. */
export const PREFIX_PATTERN = /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/;
