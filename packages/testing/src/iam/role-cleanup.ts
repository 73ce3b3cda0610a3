import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  ListRolePoliciesCommand,
  paginateListRoles,
} from '@aws-sdk/client-iam';
import { testIamClient } from '../clients.js';
import { TEST_ROLE_PATH } from './function-role.js';

/**
 * Deletes every role the harness created (under {@link TEST_ROLE_PATH}) with its inline policies: for
 * an emulator that outlives the run (an adopted AWS_ENDPOINT_URL). Returns how many it deleted.
 */
export async function deleteTestRoles(): Promise<number> {
  const iam = testIamClient();
  let deleted = 0;
  for await (const page of paginateListRoles({ client: iam }, { PathPrefix: TEST_ROLE_PATH })) {
    for (const role of page.Roles ?? []) {
      const RoleName = role.RoleName;
      if (RoleName === undefined) continue;
      const policies = await iam.send(new ListRolePoliciesCommand({ RoleName }));
      for (const PolicyName of policies.PolicyNames ?? []) {
        await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));
      }
      await iam.send(new DeleteRoleCommand({ RoleName }));
      deleted += 1;
    }
  }
  return deleted;
}
