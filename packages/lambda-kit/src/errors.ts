/**
 * The error hierarchy every handler classifies by (class or `code`, never message text).
 *
 * - {@link PermanentError}: the input itself is bad (missing object, malformed key or event,
 *   not an image, bad CSV). Record it and do not retry: retrying cannot change the outcome.
 * - {@link TransientError}: anything a retry may fix (throttling, 5xx, network) or that an
 *   operator must fix (access denied). Throw, so Lambda retries and then sends the event
 *   to the failure destination.
 * - {@link ConfigError}: a missing or malformed environment variable; thrown at cold start.
 *
 * PipelineError extends the repository's one root, CodedError (`code`, `cause`).
 */
import { CodedError, expectedMessage } from '@pipeline/coded-error';

export abstract class PipelineError extends CodedError {
  /** True when retrying cannot help and the input should be recorded as rejected. */
  abstract readonly permanent: boolean;
}

/** A bad input: recorded (rejection record + log line), never retried. */
export class PermanentError extends PipelineError {
  readonly permanent = true;
}

/** A failure a retry may fix, or that needs an operator: thrown so Lambda retries. */
export class TransientError extends PipelineError {
  readonly permanent = false;
}

/**
 * A missing or malformed environment variable; `variable` names it. The message reads
 * "Expected <expected> for <variable> but received <received>" (`nothing` when unset).
 */
export class ConfigError extends PipelineError {
  readonly permanent = false;
  readonly variable: string;

  constructor(variable: string, expected: string, received: unknown, options?: { cause?: unknown }) {
    super('CONFIG_INVALID', expectedMessage(expected, variable, received), options);
    this.variable = variable;
  }

  /**
   * A variable a domain validator refused: its error (already "Expected ... for <field inside
   * the variable> ...") is the cause, and its message this one's.
   */
  static refused(variable: string, cause: Error): ConfigError {
    const error = new ConfigError(variable, 'a valid value', undefined, { cause });
    error.message = cause.message;
    return error;
  }
}

/**
 * An S3 event (or one of its records) is not shaped as S3 sends it; `path` names the field. The
 * message reads "Expected <expected> for <path> but received <received>".
 */
export class EventShapeError extends PermanentError {
  readonly path: string;

  constructor(path: string, expected: string, received: unknown) {
    super('EVENT_MALFORMED', expectedMessage(expected, path, received));
    this.path = path;
  }
}

/** An object key from an event cannot be decoded (e.g. a malformed `%` sequence). */
export class KeyDecodeError extends PermanentError {
  readonly rawKey: string;

  constructor(rawKey: string, cause: unknown) {
    super(
      'KEY_MALFORMED',
      `Cannot decode S3 object key ${JSON.stringify(rawKey)}: malformed percent-encoding`,
      {
        cause,
      },
    );
    this.rawKey = rawKey;
  }
}

/** True for a {@link PermanentError} (including its subclasses). */
export function isPermanentError(error: unknown): error is PermanentError {
  return error instanceof PermanentError;
}

/** True for a {@link TransientError} (including its subclasses). */
export function isTransientError(error: unknown): error is TransientError {
  return error instanceof TransientError;
}

/** The `code` of a {@link PipelineError}, or `UNCLASSIFIED` for anything else. */
export function errorCode(error: unknown): string {
  return error instanceof PipelineError ? error.code : 'UNCLASSIFIED';
}
