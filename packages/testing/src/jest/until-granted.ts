import { iamEnforced } from '../iam/iam-enforcement.js';
import { expectDenialsInThisTest } from '../iam/role-activity.js';

/**
 * A test of what must work once infra grants `grant`, which the synthesized role lacks today: with IAM
 * enforced it runs as `it.failing` (it fails, denied, and jest reports it as expected; once the grant
 * lands it passes and jest says to drop the marker); where IAM is not enforced it must pass as it is.
 *
 * @example itUntilGranted('s3:GetObjectTagging on the destination', 'copies a re-upload', async () => { ... });
 */
export function itUntilGranted(
  grant: string,
  name: string,
  fn: () => Promise<unknown>,
  timeout?: number,
): void {
  if (!iamEnforced()) {
    it(name, fn, timeout);
    return;
  }
  it.failing(
    `${name} [fails until infra grants ${grant}]`,
    async () => {
      expectDenialsInThisTest();
      await fn();
    },
    timeout,
  );
}
