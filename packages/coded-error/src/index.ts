/**
 * The one error root: every error the repository throws on purpose extends {@link CodedError}
 * (through its package's own named class), so callers classify by class or `code`, never by
 * message text, and a wrapped error keeps its `cause`.
 *
 * The published `@pipeline/image-core` depends on sharp only, so its `ImageCoreError` keeps its
 * own base of the same shape (`code`, `cause`, `name`); this package's tests check the two agree.
 */

/**
 * Base of every coded error: a stable, machine-readable `code` and the `cause` kept.
 *
 * @example
 * class UsageError extends CodedError<'USAGE'> {
 *   constructor(message: string) {
 *     super('USAGE', message);
 *   }
 * }
 */
export abstract class CodedError<Code extends string = string> extends Error {
  /** Stable, machine-readable reason, e.g. `CONFIG_INVALID`. */
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** True for any error that extends {@link CodedError}. */
export function isCodedError(error: unknown): error is CodedError {
  return error instanceof CodedError;
}

/** Longest received value a message shows whole; longer ones are cut with an ellipsis. */
const RECEIVED_MAX_CHARS = 120;

function asText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * A received value as messages show it: JSON where it has one (strings quoted), `nothing` for
 * undefined, else its string form; cut after 120 characters, so a message never carries a payload.
 *
 * @example
 * describeReceived('x') // '"x"'
 */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = asText(value);
  return text.length > RECEIVED_MAX_CHARS ? `${text.slice(0, RECEIVED_MAX_CHARS)}…` : text;
}

/**
 * The one validation message shape: "Expected <expected> for <field> but received <received>".
 *
 * @example
 * expectedMessage('a positive integer', 'ROW_GROUP_ROWS', '0')
 * // 'Expected a positive integer for ROW_GROUP_ROWS but received "0"'
 */
export function expectedMessage(expected: string, field: string, received: unknown): string {
  return `Expected ${expected} for ${field} but received ${describeReceived(received)}`;
}
