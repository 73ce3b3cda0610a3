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
