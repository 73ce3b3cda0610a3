/**
 * Small field checkers with one message shape ("Expected X for <field> but received Z"), each
 * naming the field's dotted path through InfraConfigError.
 */
import { InfraConfigError } from '../errors.js';

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export function checkIntegerRange(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InfraConfigError(field, `an integer between ${min} and ${max}`, value);
  }
}

export function checkOneOf<T>(field: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    throw new InfraConfigError(field, `one of ${allowed.map(describe).join(', ')}`, value);
  }
}

export function checkPattern(field: string, value: string, pattern: RegExp, what: string): void {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new InfraConfigError(field, what, value);
  }
}

export function checkUnique(field: string, values: readonly string[]): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new InfraConfigError(field, 'names that each appear once', value);
    seen.add(value);
  }
}

/** Folder-style S3 prefix: segments of safe characters, no leading or trailing slash. */
export const PREFIX_PATTERN = /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/;
