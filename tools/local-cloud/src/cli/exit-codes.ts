/**
 * The exit codes of every local-cloud command (`pnpm start`, `soak`, `redrive`, `reprocess`), in one
 * place; docs/cli.md lists them once, and each command's usage points there. Light on purpose: the
 * commands read it before they load anything heavy.
 */
import { LocalCloudError } from '../errors.js';

/** Everything handled ended well. */
export const EXIT_OK = 0;
/** Some input or check failed (the output says which), or the run broke off on an unexpected error. */
export const EXIT_FAILED = 1;
/** A usage error (unknown flag, bad value, flags that do not go together), or the command could not start. */
export const EXIT_USAGE = 2;
/** Stopped by Ctrl-C (SIGINT): 128 + 2, as shells report it. */
export const EXIT_INTERRUPTED = 130;

export type ExitCode = typeof EXIT_OK | typeof EXIT_FAILED | typeof EXIT_USAGE | typeof EXIT_INTERRUPTED;

/** The table docs/cli.md holds (a test keeps them equal). */
export const EXIT_CODES: readonly { readonly code: ExitCode; readonly meaning: string }[] = [
  { code: EXIT_OK, meaning: 'all good: every input or message handled ended well' },
  { code: EXIT_FAILED, meaning: 'some input or check failed (the output names which)' },
  {
    code: EXIT_USAGE,
    meaning: 'usage error (unknown flag, bad value, conflicting flags), or could not start',
  },
  { code: EXIT_INTERRUPTED, meaning: 'interrupted (Ctrl-C, SIGINT)' },
];

/** The line each command's usage ends with. */
export const EXIT_CODES_LINE =
  'Exit codes: 0 all good, 1 some input or check failed, 2 usage error or could not start, 130 interrupted (docs/cli.md).';

/** 1 when anything failed, else 0. */
export function exitCodeOf(failed: boolean): ExitCode {
  return failed ? EXIT_FAILED : EXIT_OK;
}

/**
 * The exit code for an error that ended a command: our coded errors (a usage error, or a reason it
 * could not start, such as no emulator or no terraform) are 2; anything unexpected is 1.
 */
export function exitCodeOfError(error: unknown): ExitCode {
  return error instanceof LocalCloudError ? EXIT_USAGE : EXIT_FAILED;
}
