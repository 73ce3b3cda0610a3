/** The command lines of `pnpm redrive` and `pnpm reprocess`. Light on purpose: the entries read them first. */
import { HELP_OPTION, parseOptions, pathFrom, type OptionSpec, type ValuesOf } from '../cli/command-line.js';
import { UsageError } from '../errors.js';
import { EXIT_CODES_LINE } from '../cli/exit-codes.js';

export interface RedriveOptions {
  readonly env: string;
  readonly pipeline: string;
  readonly dryRun: boolean;
  readonly max: number | undefined;
  /** `--env local` only: S3 stays unreachable for the function on keys holding this marker. */
  readonly injectFault: string | undefined;
  /** `--json`: the rows as JSON, alone on stdout. */
  readonly json: boolean;
}

export interface ReprocessOptions {
  readonly env: string;
  readonly pipeline: string;
  /** Under the pipeline's source prefix (prepended when the value does not start with it). */
  readonly prefix: string;
  readonly since: Date | undefined;
  /** Deliveries per second. */
  readonly rate: number;
  readonly dryRun: boolean;
  /** The resumable cursor's file. @default .reprocess/<env>-<pipeline>-<hash>.json where the command ran */
  readonly cursorFile: string | undefined;
  /** `--env local`: invocations at once. */
  readonly concurrency: number;
  /** `--json`: the summary as JSON, alone on stdout. */
  readonly json: boolean;
}

export const REDRIVE_USAGE = `pnpm redrive -- --env ENV --pipeline NAME [--dry-run] [--max N] [--json]

Reads the pipeline's failure queue (Lambda's on-failure records hold each failed event), invokes its
function again with each original event (RequestResponse), deletes a message only after its
invocation succeeded, and prints a table of what happened. Messages that fail again stay queued.

  --env ENV          local (the local cloud at AWS_ENDPOINT_URL, run by the local runner), dev or prod
                     (lambda:InvokeFunction with your AWS credentials)
  --pipeline NAME    a registered pipeline (copy, resize, etl)
  --dry-run          list what would be redriven; invoke nothing, delete nothing
  --max N            handle at most N messages
  --inject-fault M   with --env local: S3 stays unreachable for keys holding M (see it fail again)
  --json             print the rows as JSON, alone on stdout (progress stays on stderr)
  --help, -h         this text

1 when any message failed again or held no event. Ctrl-C stops after the message in hand; the rest
stay queued.
${EXIT_CODES_LINE}`;

export const REPROCESS_USAGE = `pnpm reprocess -- --env ENV --pipeline NAME --prefix P [--since DATE] [--rate N/s] [--dry-run] [--json]

Lists the objects already under the pipeline's source prefix (ListObjectsV2) and delivers an S3
event for each (an asynchronous invocation, as S3 would), rate-limited, with progress and a
resumable cursor: an interrupted run continues where it stopped. Outputs are idempotent, so a
second run writes nothing new. For millions of objects use S3 Batch Operations (see the README).

  --env ENV          local (the local cloud at AWS_ENDPOINT_URL), dev or prod
  --pipeline NAME    a registered pipeline (copy, resize, etl)
  --prefix P         the folder to reprocess, under the source prefix (photos/ means uploads/photos/
                     for resize); "" for all of it
  --since DATE       only objects last modified at or after DATE (ISO 8601, e.g. 2026-01-01)
  --rate N/s         deliveries per second (default 10)
  --dry-run          list what would be delivered; deliver nothing
  --cursor FILE      where the cursor is kept (default .reprocess/ in the folder you ran pnpm in)
  --concurrency N    with --env local: invocations at once (default 2)
  --json             print the summary as JSON, alone on stdout (progress stays on stderr)
  --help, -h         this text

1 when any delivery failed (with --env local, where what came of each is known). Ctrl-C stops after
the deliveries in flight and keeps the cursor.
${EXIT_CODES_LINE}`;

/** The options `pnpm redrive` takes (docs/cli.md lists the same, checked by a test). */
export const REDRIVE_OPTIONS = {
  env: { type: 'string' },
  pipeline: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  max: { type: 'string' },
  'inject-fault': { type: 'string' },
  json: { type: 'boolean', default: false },
  ...HELP_OPTION,
} as const satisfies OptionSpec;

/** The options `pnpm reprocess` takes (docs/cli.md lists the same, checked by a test). */
export const REPROCESS_OPTIONS = {
  env: { type: 'string' },
  pipeline: { type: 'string' },
  prefix: { type: 'string' },
  since: { type: 'string' },
  rate: { type: 'string', default: '10' },
  'dry-run': { type: 'boolean', default: false },
  cursor: { type: 'string' },
  concurrency: { type: 'string', default: '2' },
  json: { type: 'boolean', default: false },
  ...HELP_OPTION,
} as const satisfies OptionSpec;

/** A required option's value (`--prefix` may be empty: the whole source prefix). */
function required(value: string | undefined, name: string): string {
  if (value === undefined || (value === '' && name !== 'prefix'))
    throw new UsageError(
      `Expected a value for --${name} but received ${value === undefined ? 'nothing' : '""'}`,
    );
  return value;
}

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`Expected a positive integer for --${name} but received ${value}`);
  return n;
}

export function parseRedriveOptions(argv: readonly string[]): RedriveOptions | 'help' {
  return parseOptions(argv, REDRIVE_OPTIONS, REDRIVE_USAGE, checkedRedrive);
}

function checkedRedrive(values: ValuesOf<typeof REDRIVE_OPTIONS>): RedriveOptions {
  const env = required(values.env, 'env');
  const injectFault = values['inject-fault'];
  if (injectFault !== undefined && env !== 'local')
    throw new UsageError('--inject-fault goes with --env local: it is the local cloud that injects it');
  return {
    env,
    pipeline: required(values.pipeline, 'pipeline'),
    dryRun: values['dry-run'] === true,
    max: positiveInteger('max', values.max),
    injectFault,
    json: values.json === true,
  };
}

/** `10`, `10/s` or `0.5/s`: deliveries per second. */
function rateOf(value: string | undefined): number {
  const match = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(String(value));
  const rate = match === null ? NaN : Number(match[1]);
  if (!(rate > 0))
    throw new UsageError(
      `Expected deliveries per second such as 10/s for --rate but received ${String(value)}`,
    );
  return rate;
}

function dateOf(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`Expected an ISO 8601 date such as 2026-01-01 for --since but received ${value}`);
  return date;
}

/** Parses `pnpm reprocess`'s options; paths are relative to where the user ran pnpm (INIT_CWD). */
export function parseReprocessOptions(
  argv: readonly string[],
  cwd = process.env.INIT_CWD ?? process.cwd(),
): ReprocessOptions | 'help' {
  return parseOptions(argv, REPROCESS_OPTIONS, REPROCESS_USAGE, (values) => checkedReprocess(values, cwd));
}

function checkedReprocess(values: ValuesOf<typeof REPROCESS_OPTIONS>, cwd: string): ReprocessOptions {
  const cursor = values.cursor;
  return {
    env: required(values.env, 'env'),
    pipeline: required(values.pipeline, 'pipeline'),
    prefix: required(values.prefix, 'prefix'),
    since: dateOf(values.since),
    rate: rateOf(values.rate),
    dryRun: values['dry-run'] === true,
    cursorFile: pathFrom(cwd, cursor),
    concurrency: positiveInteger('concurrency', values.concurrency) ?? 2,
    json: values.json === true,
  };
}
