/** The one exit-code table, and how each command's result and errors map onto it. */
import { InfraError } from '@pipeline/infra';
import { NoEmulatorError } from '@pipeline/testing';
import { soakFailures } from '../../bench/soak-verdict.js';
import { CouldNotStartError, DeploymentReadError, UsageError } from '../../src/errors.js';
import {
  EXIT_CODES,
  EXIT_FAILED,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
  exitCodeOf,
  exitCodeOfError,
} from '../../src/cli/exit-codes.js';
import { failedDeliveries } from '../../src/ops/reprocess.js';
import { asCouldNotStart } from '../../src/cli/start-errors.js';

describe('exit codes', () => {
  it('are 0, 1, 2 and 130, each with its meaning', () => {
    expect(EXIT_CODES.map((c) => c.code)).toEqual([0, 1, 2, 130]);
    expect([EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED]).toEqual([0, 1, 2, 130]);
  });

  it('are 1 when anything failed, else 0', () => {
    expect(exitCodeOf(true)).toBe(EXIT_FAILED);
    expect(exitCodeOf(false)).toBe(EXIT_OK);
  });

  it('are 2 for our coded errors (usage, could not start, no deployment) and 1 for anything unexpected', () => {
    expect(exitCodeOfError(new UsageError('Expected a value for --env but received nothing'))).toBe(2);
    expect(exitCodeOfError(new CouldNotStartError('no terraform'))).toBe(2);
    expect(exitCodeOfError(new DeploymentReadError('no local cloud is deployed'))).toBe(2);
    expect(exitCodeOfError(new TypeError('undefined is not a function'))).toBe(1);
    expect(exitCodeOfError('a string')).toBe(1);
  });

  it("turn infra's and the emulator's coded errors into could-not-start (2), with terraform's hint", () => {
    const terraform = asCouldNotStart(new InfraError('TERRAFORM_UNAVAILABLE', 'cannot run terraform'));
    expect(terraform).toBeInstanceOf(CouldNotStartError);
    expect((terraform as Error).message).toMatch(/^cannot run terraform\npnpm start applies the local stack/);
    expect(exitCodeOfError(terraform)).toBe(EXIT_USAGE);
    expect(asCouldNotStart(new NoEmulatorError('no emulator'))).toBeInstanceOf(CouldNotStartError);
    const other = new RangeError('out of range');
    expect(asCouldNotStart(other)).toBe(other);
  });

  it('pnpm reprocess: 1 when any delivery failed, as the local cloud or a handler says it', () => {
    expect(failedDeliveries({ outcomes: { written: 3, 'skipped (duplicate)': 1 } })).toBe(0);
    expect(failedDeliveries({ outcomes: { 'rejected (CORRUPT)': 2 } })).toBe(0);
    expect(
      failedDeliveries({
        outcomes: {
          written: 3,
          'failed after 3 attempt(s); in the failure queue': 2,
          'written, failed (X)': 1,
        },
      }),
    ).toBe(3);
  });

  it('pnpm soak: fails on inputs without an outcome or failed checks, not on the failures it injects', () => {
    expect(soakFailures({ totals: { inputs: { written: 10, failed: 3, missing: 0 }, problems: 0 } })).toEqual(
      [],
    );
    expect(soakFailures({ totals: { inputs: { written: 10, missing: 2 }, problems: 1 } })).toEqual([
      '2 input(s) without an outcome',
      '1 failed check(s)',
    ]);
  });
});
