/** `pnpm query`'s command line. Light on purpose: query-main.ts reads it before loading DuckDB, the SDK or infra. */
import {
  HELP_OPTION,
  parseOptionsWithOperands,
  type OptionSpec,
  type ValuesOf,
} from '../cli/command-line.js';
import { UsageError } from '../errors.js';
import { EXIT_CODES_LINE } from '../cli/exit-codes.js';

export interface QueryCliOptions {
  /** `local` (DuckDB over the local cloud's Glue tables and Parquet) or a deployed environment (Athena). */
  readonly env: string;
  /** `--json`: the result as JSON, alone on stdout. */
  readonly json: boolean;
  readonly sql: string;
}

export const QUERY_USAGE = `pnpm query -- [--env ENV] [--json] "SQL"

Runs one SQL query over the curated datasets (etl's Parquet), each a table named as its Glue table
(the dataset, with - as _), with its Glue columns and the ingest_date partition as a column, and prints
the result as a table.

  --env ENV    local (default): DuckDB on this machine, over the Glue tables and Parquet objects of the
               local cloud at AWS_ENDPOINT_URL (what the last AWS_ENDPOINT_URL=... pnpm start deployed);
               dev or prod: Athena in the stack's workgroup, with your AWS credentials, and the bytes
               it scanned with their cost at Athena's price
  --json       print the result as JSON, alone on stdout
  --help, -h   this text

1 when the engine refused or failed the query (its error on stderr); 2 for a table that is no dataset
or an unknown environment (the choices named).
${EXIT_CODES_LINE}`;

/** The options `pnpm query` takes (docs/cli.md lists the same, checked by a test). */
export const QUERY_OPTIONS = {
  env: { type: 'string', default: 'local' },
  json: { type: 'boolean', default: false },
  ...HELP_OPTION,
} as const satisfies OptionSpec;

export function parseQueryOptions(argv: readonly string[]): QueryCliOptions | 'help' {
  return parseOptionsWithOperands(argv, QUERY_OPTIONS, QUERY_USAGE, checked);
}

function checked(values: ValuesOf<typeof QUERY_OPTIONS>, positionals: readonly string[]): QueryCliOptions {
  const env = values.env ?? 'local';
  if (env === '') throw new UsageError('Expected an environment for --env but received ""');
  if (positionals.length !== 1 || (positionals[0] ?? '').trim() === '')
    throw new UsageError(
      `Expected one SQL query (in quotes) but received ${positionals.length === 0 ? 'nothing' : positionals.length > 1 ? `${positionals.length} arguments` : 'an empty one'}`,
    );
  return { env, json: values.json === true, sql: positionals[0] as string };
}
