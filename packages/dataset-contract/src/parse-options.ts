/** How a dataset's files are read: delimiter, quoting, header, null markers and encoding. */
import { DatasetConfigError } from './errors.js';
import { isObject } from './json.js';

export const ENCODINGS = ['utf-8', 'utf-16', 'windows-1252', 'latin1'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface ParseOptions {
  /** One ASCII character; unset: a tab for `.tsv` files, a comma otherwise. */
  readonly delimiter?: string;
  /** Opens and closes a quoted field (default `"`). */
  readonly quote: string;
  /** Inside a quoted field, makes the next character literal (default: the quote, i.e. `""`). */
  readonly escape: string;
  readonly header: boolean;
  /** Raw values read as null (compared before any conversion). */
  readonly nullMarkers: readonly string[];
  /** The file's text encoding; a byte order mark at its start overrides it. */
  readonly encoding: Encoding;
}

export const DEFAULT_PARSE: ParseOptions = Object.freeze({
  quote: '"',
  escape: '"',
  header: true,
  nullMarkers: Object.freeze(['']),
  encoding: 'utf-8',
});

/** One ASCII character other than CR, LF and NUL, or throws naming `path`. */
function oneChar(value: unknown, path: string): string {
  const ok = typeof value === 'string' && value.length === 1 && value.charCodeAt(0) < 0x80;
  if (!ok || value === '\n' || value === '\r' || value === '\0')
    throw new DatasetConfigError(path, 'one ASCII character other than a newline', value);
  return value;
}

/**
 * Validates a dataset's `parse` options, filling in the defaults.
 *
 * @throws {DatasetConfigError} naming the first bad field.
 */
export function parseOptions(raw: unknown, path: string): ParseOptions {
  if (raw === undefined) return DEFAULT_PARSE;
  if (!isObject(raw)) throw new DatasetConfigError(path, 'an object', raw);
  const { header = true, nullMarkers = [''], encoding = 'utf-8' } = raw;
  const quote = oneChar(raw.quote ?? '"', `${path}.quote`);
  const escape = oneChar(raw.escape ?? quote, `${path}.escape`);
  const delimiter = raw.delimiter === undefined ? undefined : oneChar(raw.delimiter, `${path}.delimiter`);
  if (delimiter === quote || delimiter === escape)
    throw new DatasetConfigError(
      `${path}.delimiter`,
      'a delimiter other than the quote and escape characters',
      delimiter,
    );
  if (typeof header !== 'boolean') throw new DatasetConfigError(`${path}.header`, 'a boolean', header);
  if (!Array.isArray(nullMarkers) || !nullMarkers.every((m) => typeof m === 'string'))
    throw new DatasetConfigError(`${path}.nullMarkers`, 'an array of strings', nullMarkers);
  if (typeof encoding !== 'string' || !(ENCODINGS as readonly string[]).includes(encoding))
    throw new DatasetConfigError(`${path}.encoding`, `one of ${ENCODINGS.join(', ')}`, encoding);
  return Object.freeze({
    ...(delimiter === undefined ? {} : { delimiter }),
    quote,
    escape,
    header,
    nullMarkers: Object.freeze([...nullMarkers]),
    encoding: encoding as Encoding,
  });
}
