/**
 * The shell every local-cloud command runs in: its exit code (exit-codes.ts), one line for a coded
 * error, and Ctrl-C. Light on purpose: an entry reads its arguments with this and its options
 * module only, and imports the rest (`await import()`) once it knows there is work to do, so that
 * `--help` and usage errors answer at once, before anything is built or loaded.
 */
import { EXIT_INTERRUPTED, exitCodeOfError } from './exit-codes.js';
import { LocalCloudError, UsageError } from '../errors.js';

/** Progress and messages: always stderr, so stdout holds the command's result alone (`--json`). */
export const progress = (line: string): void => void process.stderr.write(`${line}\n`);

/** Writes to stdout and waits until it is handed over (`process.exit` would cut it short on a pipe). */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) =>
    process.stdout.write(text, (error) => (error ? reject(error) : resolve())),
  );
}

export interface InterruptOptions {
  /**
   * The command finishes on its own once `stop` has run (it prints what it did, then ends): exit 130
   * when it has. Otherwise, exit 130 as soon as `stop` has ended.
   */
  readonly finish?: boolean;
}

interface Interrupt {
  readonly stop: () => unknown;
  readonly finish: boolean;
}

const interrupts = new Set<Interrupt>();
let interrupted = false;

/**
 * What Ctrl-C does while the returned function has not been called: `stop` runs (closing what the
 * command started), then the command exits 130. A second Ctrl-C exits 130 at once.
 */
export function onInterrupt(stop: () => unknown, options: InterruptOptions = {}): () => void {
  const entry = { stop, finish: options.finish === true };
  interrupts.add(entry);
  return () => void interrupts.delete(entry);
}

function interrupt(): void {
  if (interrupted) process.exit(EXIT_INTERRUPTED);
  interrupted = true;
  const entries = [...interrupts];
  if (entries.length === 0) process.exit(EXIT_INTERRUPTED);
  progress('interrupted: stopping (Ctrl-C again to stop at once)');
  const stopped = Promise.allSettled(entries.map(async (e) => e.stop()));
  if (!entries.some((e) => e.finish)) void stopped.then(() => process.exit(EXIT_INTERRUPTED));
}

/** Runs `main` and exits with its code (130 once interrupted); a coded error of ours is one line and exit 2. */
export function runCommand(main: () => Promise<number>): void {
  process.on('SIGINT', interrupt);
  main().then(
    (code) => process.exit(interrupted ? EXIT_INTERRUPTED : code),
    (error: unknown) => {
      if (interrupted) process.exit(EXIT_INTERRUPTED);
      progress(describe(error));
      process.exit(exitCodeOfError(error));
    },
  );
}

/** A coded error of ours in its own words (a usage error followed by the usage); anything else with its stack. */
function describe(error: unknown): string {
  if (error instanceof UsageError && error.usage !== undefined) return `${error.message}\n\n${error.usage}`;
  if (error instanceof LocalCloudError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
