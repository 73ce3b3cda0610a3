/**
 * `reviewed-plan save` (pull request: keep what reviewers saw) and `reviewed-plan verify` (deploy:
 * refuse unless the new plan is the reviewed one). Exit codes: 0 agree/saved, 1 disagree, 2 bad input.
 *
 *   tsx src/deploy/cli.ts save   --stack-dir cdktf.out/stacks/pipelines-dev --plan-json plan.json --out reviewed/
 *   tsx src/deploy/cli.ts verify --stack-dir cdktf.out/stacks/pipelines-dev --plan-json plan.json --reviewed reviewed/
 */
import { parseArgs } from 'node:util';
import { InfraError } from '../errors.js';
import { checkAgainstReviewed, formatCheck } from './check.js';
import { PlanCheckError } from './errors.js';
import { loadReviewedArtifact, saveReviewedArtifact, snapshotOfStack } from './reviewed-artifact.js';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const USAGE =
  'usage: reviewed-plan save --stack-dir DIR --plan-json FILE --out DIR\n' +
  '       reviewed-plan verify --stack-dir DIR --plan-json FILE --reviewed DIR';

/** Runs one command; returns the exit code instead of exiting (tests call this). */
export function runCli(argv: readonly string[], io: CliIo): number {
  try {
    const [command, ...rest] = argv;
    const { values } = parseArgs({
      args: rest,
      options: {
        'stack-dir': { type: 'string' },
        'plan-json': { type: 'string' },
        out: { type: 'string' },
        reviewed: { type: 'string' },
      },
    });
    const stackDir = required(values['stack-dir'], '--stack-dir');
    const planJson = required(values['plan-json'], '--plan-json');
    if (command === 'save') {
      const out = required(values.out, '--out');
      const saved = saveReviewedArtifact(stackDir, planJson, out);
      io.out(
        `Saved the reviewed plan to ${out}: ${saved.plan.resourceChanges.length} resource changes, ${Object.keys(saved.zips).length} zips.`,
      );
      return 0;
    }
    if (command === 'verify') {
      const reviewed = loadReviewedArtifact(required(values.reviewed, '--reviewed'));
      const check = checkAgainstReviewed(reviewed, snapshotOfStack(stackDir, planJson));
      (check.agree ? io.out : io.err)(formatCheck(check));
      return check.agree ? 0 : 1;
    }
    throw new PlanCheckError(
      `Expected save or verify for the command but received ${JSON.stringify(command)}`,
    );
  } catch (error) {
    if (!(error instanceof InfraError) && !(error instanceof TypeError)) throw error;
    io.err(`${error.message}\n${USAGE}`);
    return 2;
  }
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '')
    throw new PlanCheckError(`Expected a value for ${flag} but received nothing`);
  return value;
}
