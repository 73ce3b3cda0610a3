/** `pnpm start`'s command line. Light on purpose: start-main.ts reads it before loading the rest. */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_CHAOS_RATES } from '../run/chaos-rates.js';
import { HELP_OPTION, parseOptions, pathFrom, type OptionSpec, type ValuesOf } from './command-line.js';
import { parseDenyRule, type DenyRule } from '../deploy/deny-rules.js';
import { UsageError } from '../errors.js';
import { EXIT_CODES_LINE } from './exit-codes.js';

export interface CliOptions {
  readonly inputDir: string | undefined;
  readonly outDir: string | undefined;
  readonly watch: boolean;
  readonly json: boolean;
  readonly timeoutSeconds: number;
  /** Invocations for keys containing this marker see an unreachable S3 endpoint: a transient fault. */
  readonly injectFault: string | undefined;
  /** `--chaos SEED`: adversarial, reproducible delivery. */
  readonly chaosSeed: string | undefined;
  /** `--fault-rate`: share of invocation attempts that meet a transient S3 fault (with --chaos). */
  readonly faultRate: number | undefined;
  /** Invocations at once (and the most environments a function gets). */
  readonly concurrency: number;
  /** `--cost`: print the cost table per pipeline from the run's measures. */
  readonly cost: boolean;
  /** `--budget`: fail when an invocation passes 80% of its deployed memory or timeout. */
  readonly budget: boolean;
  /** `--prices FILE`: JSON overriding some of the cost model's default prices. */
  readonly pricesFile: string | undefined;
  /** `--deny`: explicit denials on functions' roles for this run (deny-rules.ts). */
  readonly deny: readonly DenyRule[];
  /** `--report FILE`: the run report as one self-contained HTML page (report/html/). */
  readonly reportFile: string | undefined;
}

export const USAGE = `pnpm start [-- options]

Runs the pipelines on a local emulated cloud: deploys the local stack with terraform, delivers S3 events
to the deployed functions, and prints what came out of every input.

  --input DIR      upload every file in DIR, once for each pipeline that takes it (its infra module's
                   localInputs), instead of the generated demo set
  --out DIR        download every output, rejection record and failure message into DIR (bucket/key)
  --watch          keep running and process whatever is uploaded to the source buckets, until Ctrl-C
  --json           print the final report as JSON, alone on stdout (progress stays on stderr)
  --timeout SECS   give up on inputs without an outcome after this long (default 300); exit code 1
  --inject-fault MARKER
                   S3 is unreachable for the functions on keys containing MARKER (a transient fault):
                   see the retries and the failure-destination message
  --chaos SEED     deliver as S3 may, reproducibly for SEED: duplicate and late events, second uploads
                   of keys while their first events are in flight, transient S3 faults, crashed
                   execution environments
  --fault-rate R   with --chaos: the share of invocation attempts that meet a transient S3 fault
                   (default ${DEFAULT_CHAOS_RATES.fault})
  --concurrency N  invocations at once, and the most warm environments any function gets (default 4;
                   each function also keeps to its reserved concurrency)
  --cost           print, per pipeline, what a million inputs like these would cost on Lambda and S3
                   at the deployed memory, and the cheapest memory size keeping 20% headroom
  --budget         exit 1 when any invocation's peak memory passes 80% of its function's deployed
                   memory, or its modelled duration 80% of the timeout (each named on stderr)
  --prices FILE    with --cost: JSON overriding some of the default (us-east-1) prices
  --deny PIPELINE=ACTION[@KEY-PREFIX]
                   with IAM enforced (a moto pnpm start starts): deny ACTION to that function's role
                   for this run (on keys under KEY-PREFIX only, when given), to see a missing grant
                   fail as AccessDenied; repeatable
  --report FILE    also write the run report as one self-contained HTML page (opens offline): counts,
                   every input's outcome, contact sheets of the images' variants, the CSV tables'
                   quarantined rows, the cost chart and the invocations over time (caps: see its footer)
  --help, -h       this text

${EXIT_CODES_LINE}`;

/** The options `pnpm start` takes (docs/cli.md lists the same, checked by a test). */
export const START_OPTIONS = {
  input: { type: 'string' },
  out: { type: 'string' },
  watch: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  timeout: { type: 'string', default: '300' },
  'inject-fault': { type: 'string' },
  chaos: { type: 'string' },
  'fault-rate': { type: 'string' },
  concurrency: { type: 'string', default: '4' },
  cost: { type: 'boolean', default: false },
  budget: { type: 'boolean', default: false },
  prices: { type: 'string' },
  deny: { type: 'string', multiple: true, default: [] },
  report: { type: 'string' },
  ...HELP_OPTION,
} as const satisfies OptionSpec;

export { UsageError };

/** Parses the command line; paths are relative to where the user ran `pnpm start` (INIT_CWD). */
export function parseCliOptions(
  argv: readonly string[],
  cwd = process.env.INIT_CWD ?? process.cwd(),
): CliOptions | 'help' {
  return parseOptions(argv, START_OPTIONS, USAGE, (values) => checked(values, cwd));
}

function checked(values: ValuesOf<typeof START_OPTIONS>, cwd: string): CliOptions {
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    throw new UsageError(
      `Expected a positive number of seconds for --timeout but received ${values.timeout}`,
    );
  if (values.watch && values.input !== undefined)
    throw new UsageError(
      '--watch and --input do not go together: --watch processes what you upload yourself',
    );
  const faultRate = values['fault-rate'] === undefined ? undefined : Number(values['fault-rate']);
  if (faultRate !== undefined && !(faultRate >= 0 && faultRate <= 1))
    throw new UsageError(
      `Expected a share between 0 and 1 for --fault-rate but received ${values['fault-rate']}`,
    );
  if (faultRate !== undefined && values.chaos === undefined)
    throw new UsageError('--fault-rate goes with --chaos SEED');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError(`Expected a positive integer for --concurrency but received ${values.concurrency}`);
  if (values.watch && (values.cost || values.budget))
    throw new UsageError('--cost and --budget measure a run with an end: they do not go with --watch');
  const reportFile = pathFrom(cwd, values.report);
  if (reportFile !== undefined && values.watch)
    throw new UsageError('--report describes a run with an end: it does not go with --watch');
  if (reportFile !== undefined && (values.report === '' || !existsSync(dirname(reportFile))))
    throw new UsageError(`Expected a file in an existing folder for --report but received ${values.report}`);
  return {
    inputDir: pathFrom(cwd, values.input),
    outDir: pathFrom(cwd, values.out),
    watch: values.watch ?? false,
    json: values.json ?? false,
    timeoutSeconds,
    injectFault: values['inject-fault'],
    chaosSeed: values.chaos,
    faultRate,
    concurrency,
    cost: values.cost ?? false,
    budget: values.budget ?? false,
    pricesFile: pathFrom(cwd, values.prices),
    deny: (values.deny ?? []).map(parseDenyRule),
    reportFile,
  };
}
