import { iamEnforced } from '@pipeline/cloud-emulator';
import { expectDenialsInThisTest } from '../iam/role-activity.js';

/** jest's `it` signature, as the helpers below return it. */
export type TestDeclaration = (name: string, fn: () => Promise<unknown>, timeout?: number) => void;

/**
 * Declares tests of what must work once infra grants `grant`, which the synthesized role lacks today:
 * with IAM enforced each runs as `it.failing` (it fails, denied, as expected; once the grant lands it
 * passes, and jest says to drop the marker: declare it with `it` again); where IAM is not enforced it
 * must pass as it is.
 *
 * @example const itUntilTaggingGranted = itUntilGranted('s3:GetObjectTagging on processed/copies/*');
 *          itUntilTaggingGranted('copies a re-upload', async () => { ... });
 */
export function itUntilGranted(grant: string): TestDeclaration {
  return (name, fn, timeout) => {
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
  };
}

/**
 * A test that proves IAM is enforced (a probe its role must be refused): it runs where the emulator
 * enforces IAM and is skipped elsewhere (LocalStack, an adopted endpoint), where nothing is refused.
 */
export const itWhereIamIsEnforced: TestDeclaration = (name, fn, timeout) => {
  (iamEnforced() ? it : it.skip)(name, fn, timeout);
};
