/** `pnpm smoke`: see SMOKE_USAGE for the flags and smoke.ts for what it does. */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { pipelineTarget } from '@pipeline/infra';
import { UsageError } from '../errors.js';
import { progress, runCommand, writeOut } from './run-command.js';
import { runSmoke } from './smoke.js';
import { smokeInputs } from './smoke-inputs.js';
import { cloudWatchOutcomes } from './smoke-outcomes.js';
import { renderSmoke } from './smoke-render.js';

export const SMOKE_USAGE = `pnpm smoke -- --env ENV [--timeout SECONDS] [--keep]

Uploads a known image (resize) and a known CSV (etl: three good rows, one bad) under smoke/<run id>/ in
the environment's ingest bucket, waits for each input's outcome record in its function's CloudWatch log
group, checks that every configured variant was written as an image no larger than the source and that
the rows read, written and rejected are 4, 3 and 1, then removes what it uploaded and what the pipelines
wrote for it.

  --env ENV            a deployed AWS environment (dev, prod), with your AWS credentials
  --timeout SECONDS    how long to wait for the outcomes (default 300)
  --keep               leave the uploads and outputs in place

Exit code: 0 when both inputs were handled as expected; 1 when any check failed or an outcome did not
come in time; 2 when it could not start.`;

export interface SmokeCliOptions {
  readonly env: string;
  readonly timeoutSeconds: number;
  readonly keep: boolean;
}

export function parseSmokeOptions(argv: readonly string[]): SmokeCliOptions | 'help' {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...args],
      options: {
        env: { type: 'string' },
        timeout: { type: 'string', default: '300' },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${SMOKE_USAGE}`);
  }
  if (values.help === true) return 'help';
  const env = values.env;
  if (typeof env !== 'string' || env === '') throw new UsageError(`--env is required\n\n${SMOKE_USAGE}`);
  if (env === 'local')
    throw new UsageError(
      '--env local: the local cloud runs its functions only for the inputs pnpm start delivers, so an upload would wait for nothing; its end-to-end test covers the same path',
    );
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1)
    throw new UsageError(`--timeout expects a positive integer but received ${String(values.timeout)}`);
  return { env, timeoutSeconds, keep: values.keep === true };
}

async function main(): Promise<number> {
  const options = parseSmokeOptions(process.argv.slice(2));
  if (options === 'help') {
    await writeOut(`${SMOKE_USAGE}\n`);
    return 0;
  }
  const { region } = pipelineTarget(options.env, 'resize');
  const runId = `${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
  const startTime = Date.now() - 60_000;
  const report = await runSmoke(await smokeInputs(options.env, runId), {
    s3: new S3Client({ region }),
    findOutcome: cloudWatchOutcomes(new CloudWatchLogsClient({ region }), startTime),
    deadline: Date.now() + options.timeoutSeconds * 1000,
    keep: options.keep,
    progress,
  });
  await writeOut(`${renderSmoke(report)}\n`);
  return report.passed ? 0 : 1;
}

if (process.argv[1]?.endsWith('smoke-main.ts')) runCommand(main);
