/**
 * An S3 client whose first write waits for the test: the window where an event has passed its
 * "is this the current version?" check but not yet written, which the tests widen on purpose.
 */
import type { S3Client } from '@aws-sdk/client-s3';

export interface HeldWrite {
  /** Adds the hold to a client (a harness's `instrument` hook). */
  readonly instrument: (s3: S3Client) => void;
  /** Settles once a write has reached the hold. */
  readonly reachedWrite: Promise<void>;
  /** Lets the held write go on. */
  readonly release: () => void;
}

/** The write commands of the apps: what a hold may stop at. */
export const WRITE_COMMANDS = [
  'PutObjectCommand',
  'CopyObjectCommand',
  'CreateMultipartUploadCommand',
] as const;

/**
 * Holds the first of `commands` a client sends until `release` is called.
 *
 * @example const held = holdFirstWrite(['CopyObjectCommand']);
 */
export function holdFirstWrite(commands: readonly string[] = WRITE_COMMANDS): HeldWrite {
  let release = (): void => undefined;
  let reached = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const reachedWrite = new Promise<void>((resolve) => (reached = resolve));
  let held = false;
  const instrument = (s3: S3Client): void =>
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (!held && commands.includes(context.commandName as string)) {
          held = true;
          reached();
          await gate;
        }
        return next(args);
      },
      { step: 'initialize', name: 'holdFirstWrite' },
    );
  return { instrument, reachedWrite, release: () => release() };
}
