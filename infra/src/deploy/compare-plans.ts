/**
 * Reviewed equals applied: compares the resource changes of the plan a pull request showed with the
 * plan made at deploy time. Same addresses, same actions, same values apart from those terraform
 * knows only after apply; any disagreement is listed.
 */
import type { ResourceChange, TerraformPlan } from './plan-json.js';
import { diffValues, type ValueDifference } from './value-diff.js';

export type PlanDifference =
  | { readonly kind: 'not-reviewed'; readonly address: string; readonly actions: readonly string[] }
  | { readonly kind: 'no-longer-planned'; readonly address: string; readonly actions: readonly string[] }
  | {
      readonly kind: 'actions-changed';
      readonly address: string;
      readonly reviewed: readonly string[];
      readonly planned: readonly string[];
    }
  | {
      readonly kind: 'values-changed';
      readonly address: string;
      readonly values: readonly ValueDifference[];
    };

export function compareResourceChanges(reviewed: TerraformPlan, planned: TerraformPlan): PlanDifference[] {
  const before = byAddress(reviewed.resourceChanges);
  const now = byAddress(planned.resourceChanges);
  const addresses = [...new Set([...before.keys(), ...now.keys()])].sort();
  return addresses.flatMap((address) => compareOne(address, before.get(address), now.get(address)));
}

function compareOne(
  address: string,
  reviewed: ResourceChange | undefined,
  planned: ResourceChange | undefined,
): PlanDifference[] {
  if (reviewed === undefined)
    return planned === undefined ? [] : [{ kind: 'not-reviewed', address, actions: planned.actions }];
  if (planned === undefined) return [{ kind: 'no-longer-planned', address, actions: reviewed.actions }];
  if (reviewed.actions.join(',') !== planned.actions.join(','))
    return [{ kind: 'actions-changed', address, reviewed: reviewed.actions, planned: planned.actions }];
  const values = diffValues(
    { value: reviewed.after, unknown: reviewed.afterUnknown, sensitive: reviewed.afterSensitive },
    { value: planned.after, unknown: planned.afterUnknown, sensitive: planned.afterSensitive },
  );
  return values.length === 0 ? [] : [{ kind: 'values-changed', address, values }];
}

function byAddress(changes: readonly ResourceChange[]): Map<string, ResourceChange> {
  return new Map(changes.map((change) => [change.address, change]));
}
