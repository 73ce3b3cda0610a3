/** `pnpm status`'s command line. Light on purpose: status-main.ts reads it before loading infra and the SDK. */
import {
  HELP_OPTION,
  parseOptionsWithOperands,
  type OptionSpec,
  type ValuesOf,
} from '../cli/command-line.js';
import { EXIT_CODES_LINE } from '../cli/exit-codes.js';
import { UsageError } from '../errors.js';

export interface StatusCliOptions {
  readonly bucket: string;
  readonly key: string;
  readonly env: string;
  readonly json: boolean;
}

export const STATUS_USAGE = `pnpm status -- s3://BUCKET/KEY [--env ENV] [--json]

Prints the object catalog's items of one source object: one per pipeline that saw it, with the source
version it describes, what came of it (written, rejected, skipped, superseded, failed, removed) and its
outputs. Reads with a consistent Query on the key, as a web app polling for its variants would.

  --env ENV     local (the local cloud at AWS_ENDPOINT_URL, as pnpm start deployed it; the default),
                or a deployed AWS environment (dev, prod) with your AWS credentials
  --json        the items as JSON, alone on stdout
  --help, -h    this text

1 when the catalog holds no item for the key.
${EXIT_CODES_LINE}`;

/** The options `pnpm status` takes (docs/cli.md lists the same, checked by a test). */
export const STATUS_OPTIONS = {
  env: { type: 'string', default: 'local' },
  json: { type: 'boolean', default: false },
  ...HELP_OPTION,
} as const satisfies OptionSpec;

export function parseStatusOptions(argv: readonly string[]): StatusCliOptions | 'help' {
  return parseOptionsWithOperands(argv, STATUS_OPTIONS, STATUS_USAGE, checked);
}

function checked(values: ValuesOf<typeof STATUS_OPTIONS>, operands: readonly string[]): StatusCliOptions {
  if (operands.length !== 1)
    throw new UsageError(
      `Expected one s3://BUCKET/KEY but received ${operands.length === 0 ? 'none' : operands.join(' ')}`,
    );
  const uri = operands[0] as string;
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (match === null) throw new UsageError(`Expected s3://BUCKET/KEY for the object but received ${uri}`);
  const env = values.env ?? 'local';
  if (env === '') throw new UsageError('Expected an environment for --env but received ""');
  return { bucket: match[1] as string, key: match[2] as string, env, json: values.json === true };
}
