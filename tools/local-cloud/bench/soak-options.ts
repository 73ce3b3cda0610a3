/** `pnpm soak`'s command line. Light on purpose: soak.ts reads it before loading the emulator harness and sharp. */
import {
  HELP_OPTION,
  parseOptions,
  pathFrom,
  type OptionSpec,
  type ValuesOf,
} from '../src/cli/command-line.js';
import { UsageError } from '../src/errors.js';
import { EXIT_CODES_LINE } from '../src/cli/exit-codes.js';

export interface SoakOptions {
  readonly count: number;
  readonly seed: string;
  readonly faultRate: number;
  readonly concurrency: number;
  readonly ceilingSeconds: number;
  /** Where to keep the run's JSON report (pnpm start --json). */
  readonly jsonFile: string | undefined;
  /** Where pnpm start writes the run's HTML report (its --report). */
  readonly reportFile: string | undefined;
}

export const SOAK_USAGE = `pnpm soak [-- options]

The local cloud at scale under chaos: writes a mix of N inputs, runs pnpm start over it with --chaos,
--inject-fault and --json (its own moto, IAM enforced) while profiling its process tree, measures the
emulator's own ceiling for the same request mix, and prints the figures and the cost table. The run's
progress (deploy, then events done, invocations a second, time left) comes through on stderr.

  --count N            inputs in the mix (default 10000)
  --seed S             the mix's and the chaos's seed (default soak)
  --fault-rate R       share of invocation attempts that meet a transient S3 fault (default 0.05)
  --concurrency N      pnpm start's --concurrency (default 4)
  --ceiling-seconds S  how long to measure the emulator's ceiling (default 20)
  --report FILE        pnpm start writes the run's HTML report to FILE (its --report)
  --json FILE          keep pnpm start's JSON report in FILE
  --help, -h           this text

1 when any input was left without an outcome or failed a check (failures the chaos or the fault
marker explain are expected and listed).
${EXIT_CODES_LINE}`;

/** The options `pnpm soak` takes (docs/cli.md lists the same, checked by a test). */
export const SOAK_OPTIONS = {
  count: { type: 'string', default: '10000' },
  seed: { type: 'string', default: 'soak' },
  'fault-rate': { type: 'string', default: '0.05' },
  concurrency: { type: 'string', default: '4' },
  'ceiling-seconds': { type: 'string', default: '20' },
  report: { type: 'string' },
  json: { type: 'string' },
  ...HELP_OPTION,
} as const satisfies OptionSpec;

/** Parses the command line; a relative --report or --json is relative to where the user ran pnpm (INIT_CWD). */
export function parseSoakOptions(
  argv: readonly string[],
  cwd = process.env.INIT_CWD ?? process.cwd(),
): SoakOptions | 'help' {
  return parseOptions(argv, SOAK_OPTIONS, SOAK_USAGE, (values) => checked(values, cwd));
}

function checked(values: ValuesOf<typeof SOAK_OPTIONS>, cwd: string): SoakOptions {
  const positiveInteger = (name: 'count' | 'concurrency'): number => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1)
      throw new UsageError(`Expected a positive integer for --${name} but received ${values[name]}`);
    return n;
  };
  const faultRate = Number(values['fault-rate']);
  if (!(faultRate >= 0 && faultRate <= 1))
    throw new UsageError(
      `Expected a share between 0 and 1 for --fault-rate but received ${values['fault-rate']}`,
    );
  const ceilingSeconds = Number(values['ceiling-seconds']);
  if (!(ceilingSeconds > 0))
    throw new UsageError(
      `Expected a positive number of seconds for --ceiling-seconds but received ${values['ceiling-seconds']}`,
    );
  const seed = values.seed ?? 'soak';
  if (seed === '') throw new UsageError('Expected a seed for --seed but received ""');
  return {
    count: positiveInteger('count'),
    seed,
    faultRate,
    concurrency: positiveInteger('concurrency'),
    ceilingSeconds,
    jsonFile: pathFrom(cwd, values.json),
    reportFile: pathFrom(cwd, values.report),
  };
}
