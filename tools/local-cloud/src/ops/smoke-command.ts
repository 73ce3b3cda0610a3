/** `pnpm smoke`'s work, imported by smoke-main.ts once the command line asks for it. */
import { randomBytes } from 'node:crypto';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { pipelineTarget } from '@pipeline/infra';
import { progress, writeOut } from '../cli/command.js';
import { EXIT_OK, EXIT_FAILED } from '../cli/exit-codes.js';
import { runSmoke } from './smoke.js';
import { smokeInputs } from './smoke-inputs.js';
import { cloudWatchOutcomes } from './smoke-outcomes.js';
import { renderSmoke } from './smoke-render.js';
import type { SmokeCliOptions } from './smoke-options.js';

export async function runSmokeCommand(options: SmokeCliOptions): Promise<number> {
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
  return report.passed ? EXIT_OK : EXIT_FAILED;
}
