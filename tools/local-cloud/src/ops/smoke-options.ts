/** `pnpm smoke`'s command line. Light on purpose: smoke-main.ts reads it before loading infra and the SDK. */
import { HELP_OPTION, parseOptions, type OptionSpec, type ValuesOf } from '../cli/command-line.js';
import { UsageError } from '../errors.js';
import { EXIT_CODES_LINE } from '../cli/exit-codes.js';

export interface SmokeCliOptions {
  readonly env: string;
  readonly timeoutSeconds: number;
  readonly keep: boolean;
}

export const SMOKE_USAGE = `pnpm smoke -- --env ENV [--timeout SECONDS] [--keep]

Uploads a known image (resize) and a known CSV (etl: three good rows, one bad) under smoke/<run id>/ in
the environment's ingest bucket, waits for each input's item in the object catalog (a stack without one:
its outcome record in the function's CloudWatch log group), checks that every configured variant was
written as an image no larger than the source and that the rows read, written and rejected are 4, 3 and
1, then removes what it uploaded and checks that the pipelines removed their outputs with it (and their
items say removed). Anything left is removed.

  --env ENV            a deployed AWS environment (dev, prod), with your AWS credentials; or local, the
                       local cloud at AWS_ENDPOINT_URL while pnpm start -- --watch runs there
  --timeout SECONDS    how long to wait for the outcomes (default 300)
  --keep               leave the uploads and outputs in place
  --help, -h           this text

1 when any check failed, an outcome did not come in time, or an output outlived its source.
${EXIT_CODES_LINE}`;

/** The options `pnpm smoke` takes (docs/cli.md lists the same, checked by a test). */
export const SMOKE_OPTIONS = {
  env: { type: 'string' },
  timeout: { type: 'string', default: '300' },
  keep: { type: 'boolean', default: false },
  ...HELP_OPTION,
} as const satisfies OptionSpec;

export function parseSmokeOptions(argv: readonly string[]): SmokeCliOptions | 'help' {
  return parseOptions(argv, SMOKE_OPTIONS, SMOKE_USAGE, checked);
}

function checked(values: ValuesOf<typeof SMOKE_OPTIONS>): SmokeCliOptions {
  const env = values.env;
  if (env === undefined || env === '')
    throw new UsageError(
      `Expected a deployed environment for --env but received ${env === undefined ? 'nothing' : '""'}`,
    );
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1)
    throw new UsageError(`Expected a positive integer for --timeout but received ${String(values.timeout)}`);
  return { env, timeoutSeconds, keep: values.keep === true };
}
