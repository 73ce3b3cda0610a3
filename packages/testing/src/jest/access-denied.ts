import { activityMark, forgetSince } from '../iam/role-activity.js';

/**
 * Expects `call` (made with a role's client by the test itself) to be refused with AccessDenied, and
 * keeps it out of the AccessDenied report and the call table: the test asserted it, and the function
 * did not make it. Proves a suite really runs under its roles.
 *
 * @example await expectAccessDenied(role.s3.send(new PutObjectCommand({ Bucket, Key: 'elsewhere/x', Body: 'x' })));
 */
export async function expectAccessDenied(call: Promise<unknown>): Promise<void> {
  const mark = activityMark();
  try {
    await expect(call).rejects.toMatchObject({ name: 'AccessDenied' });
  } finally {
    forgetSince(mark);
  }
}

/**
 * Runs `work` (a handler the test points at a resource its role may not use) and keeps what it did out
 * of the AccessDenied report and the call table: the refusal is what the test asserts, and the deployed
 * function would not make that call. Returns what `work` threw, or undefined.
 *
 * @example const failure = await refusedOnPurpose(() => h.invokeWithCatalog(event, 'another-table'));
 */
export async function refusedOnPurpose(work: () => Promise<unknown>): Promise<unknown> {
  const mark = activityMark();
  try {
    await work();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    forgetSince(mark);
  }
}
