import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

export interface CliOptions {
  readonly inputDir: string | undefined;
  readonly outDir: string | undefined;
  readonly watch: boolean;
  readonly json: boolean;
  readonly timeoutSeconds: number;
  /** Invocations for keys containing this marker see an unreachable S3 endpoint: a transient fault. */
  readonly injectFault: string | undefined;
}

export const USAGE = `pnpm start [-- options]

Runs the pipelines on a local emulated cloud: deploys the local stack with terraform, delivers S3 events
to the deployed functions, and prints what came out of every input.

  --input DIR      upload every file in DIR (images to resize, CSV/CSV.gz to etl, everything to copy)
                   instead of the generated demo set
  --out DIR        download every output, rejection record and failure message into DIR (bucket/key)
  --watch          keep running and process whatever is uploaded to the source buckets, until Ctrl-C
  --json           print the final report as JSON on stdout
  --timeout SECS   give up on inputs without an outcome after this long (default 300); exit code 1
  --inject-fault MARKER
                   invocations for keys containing MARKER get an unreachable S3 endpoint (a transient
                   fault): see the retries and the failure-destination message
  --help           this text`;

export { UsageError };

/** Parses the command line; paths are relative to where the user ran `pnpm start` (INIT_CWD). */
export function parseCliOptions(
  argv: readonly string[],
  cwd = process.env.INIT_CWD ?? process.cwd(),
): CliOptions | 'help' {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        input: { type: 'string' },
        out: { type: 'string' },
        watch: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        timeout: { type: 'string', default: '300' },
        help: { type: 'boolean', default: false },
        'inject-fault': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values } = parsed;
  if (values.help) return 'help';
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    throw new UsageError(`--timeout expects a positive number of seconds but received ${values.timeout}`);
  if (values.watch && values.input !== undefined)
    throw new UsageError(
      '--watch and --input do not go together: --watch processes what you upload yourself',
    );
  const absolute = (p: string | undefined): string | undefined =>
    p === undefined ? undefined : isAbsolute(p) ? p : resolve(cwd, p);
  return {
    inputDir: absolute(values.input),
    outDir: absolute(values.out),
    watch: values.watch ?? false,
    json: values.json ?? false,
    timeoutSeconds,
    injectFault: values['inject-fault'],
  };
}
