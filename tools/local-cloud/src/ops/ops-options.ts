/** The command lines of `pnpm redrive` and `pnpm reprocess`. */
import { isAbsolute, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

export interface RedriveOptions {
  readonly env: string;
  readonly pipeline: string;
  readonly dryRun: boolean;
  readonly max: number | undefined;
  /** `--env local` only: S3 stays unreachable for the function on keys holding this marker. */
  readonly injectFault: string | undefined;
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
}

export const REDRIVE_USAGE = `pnpm redrive -- --env ENV --pipeline NAME [--dry-run] [--max N]

Reads the pipeline's failure queue (Lambda's on-failure records hold each failed event), invokes its
function again with each original event (RequestResponse), deletes a message only after its
invocation succeeded, and prints a table of what happened. Messages that fail again stay queued.

  --env ENV          local (the local cloud at AWS_ENDPOINT_URL, run by the local runner), dev or prod
                     (lambda:InvokeFunction with your AWS credentials)
  --pipeline NAME    a registered pipeline (copy, resize, etl)
  --dry-run          list what would be redriven; invoke nothing, delete nothing
  --max N            handle at most N messages
  --inject-fault M   with --env local: S3 stays unreachable for keys holding M (see it fail again)

Exit code: 0 when every message handled was redriven (or listed, with --dry-run); 1 when any failed
again or held no event; 2 when it could not start.`;

export const REPROCESS_USAGE = `pnpm reprocess -- --env ENV --pipeline NAME --prefix P [--since DATE] [--rate N/s] [--dry-run]

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
  --concurrency N    with --env local: invocations at once (default 2)`;

type Values = Readonly<Record<string, string | boolean | undefined>>;

function parse(argv: readonly string[], options: ParseArgsConfig['options'], usage: string): Values {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values as Values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
}

function required(values: Values, name: string, usage: string): string {
  const value = values[name];
  if (typeof value !== 'string' || (value === '' && name !== 'prefix'))
    throw new UsageError(`--${name} is required\n\n${usage}`);
  return value;
}

function positiveInteger(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} expects a positive integer but received ${String(value)}`);
  return n;
}

export function parseRedriveOptions(argv: readonly string[]): RedriveOptions | 'help' {
  const values = parse(
    argv,
    {
      env: { type: 'string' },
      pipeline: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      max: { type: 'string' },
      'inject-fault': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    REDRIVE_USAGE,
  );
  if (values.help === true) return 'help';
  const env = required(values, 'env', REDRIVE_USAGE);
  const injectFault = values['inject-fault'] as string | undefined;
  if (injectFault !== undefined && env !== 'local')
    throw new UsageError('--inject-fault goes with --env local: it is the local cloud that injects it');
  return {
    env,
    pipeline: required(values, 'pipeline', REDRIVE_USAGE),
    dryRun: values['dry-run'] === true,
    max: positiveInteger('max', values.max),
    injectFault,
  };
}

/** `10`, `10/s` or `0.5/s`: deliveries per second. */
function rateOf(value: unknown): number {
  const match = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(String(value));
  const rate = match === null ? NaN : Number(match[1]);
  if (!(rate > 0))
    throw new UsageError(`--rate expects deliveries per second such as 10/s but received ${String(value)}`);
  return rate;
}

function dateOf(value: unknown): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`--since expects an ISO 8601 date such as 2026-01-01 but received ${String(value)}`);
  return date;
}

/** Parses `pnpm reprocess`'s options; paths are relative to where the user ran pnpm (INIT_CWD). */
export function parseReprocessOptions(
  argv: readonly string[],
  cwd = process.env.INIT_CWD ?? process.cwd(),
): ReprocessOptions | 'help' {
  const values = parse(
    argv,
    {
      env: { type: 'string' },
      pipeline: { type: 'string' },
      prefix: { type: 'string' },
      since: { type: 'string' },
      rate: { type: 'string', default: '10' },
      'dry-run': { type: 'boolean', default: false },
      cursor: { type: 'string' },
      concurrency: { type: 'string', default: '2' },
      help: { type: 'boolean', default: false },
    },
    REPROCESS_USAGE,
  );
  if (values.help === true) return 'help';
  const cursor = values.cursor as string | undefined;
  return {
    env: required(values, 'env', REPROCESS_USAGE),
    pipeline: required(values, 'pipeline', REPROCESS_USAGE),
    prefix: required(values, 'prefix', REPROCESS_USAGE),
    since: dateOf(values.since),
    rate: rateOf(values.rate),
    dryRun: values['dry-run'] === true,
    cursorFile: cursor === undefined ? undefined : isAbsolute(cursor) ? cursor : resolve(cwd, cursor),
    concurrency: positiveInteger('concurrency', values.concurrency) ?? 2,
  };
}
