/** The shell of an operations command: exit codes and one-line errors, as `pnpm start` has them. */
import { InfraError } from '@pipeline/infra';
import { LocalCloudError } from '../errors.js';

export const progress = (line: string): void => void process.stderr.write(`${line}\n`);

/** Writes to stdout and waits until it is handed over (`process.exit` would cut it short on a pipe). */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) =>
    process.stdout.write(text, (error) => (error ? reject(error) : resolve())),
  );
}

/** Runs `main` and exits with its code; a coded error of ours or infra's is one line and exit 2. */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof LocalCloudError || error instanceof InfraError) {
        progress(error.message);
        process.exit(2);
      }
      progress(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(2);
    },
  );
}
