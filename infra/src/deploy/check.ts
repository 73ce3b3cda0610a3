/**
 * The deploy gate: the reviewed snapshot against the one made at deploy time (resource changes,
 * zips, synthesized stack), and the report printed when they disagree.
 */
import { compareResourceChanges, type PlanDifference } from './compare-plans.js';
import type { PlanSnapshot, ZipDigests } from './reviewed-artifact.js';
import { diffValues, type ValueDifference } from './value-diff.js';

interface ZipDifference {
  readonly zip: string;
  readonly reviewed: string | undefined;
  readonly planned: string | undefined;
}

export interface PlanCheck {
  readonly agree: boolean;
  readonly resources: readonly PlanDifference[];
  readonly zips: readonly ZipDifference[];
  readonly stack: readonly ValueDifference[];
}

export function checkAgainstReviewed(reviewed: PlanSnapshot, planned: PlanSnapshot): PlanCheck {
  const resources = compareResourceChanges(reviewed.plan, planned.plan);
  const zips = compareZips(reviewed.zips, planned.zips);
  const stack = diffValues(
    { value: reviewed.stack, unknown: false, sensitive: false },
    { value: planned.stack, unknown: false, sensitive: false },
  );
  return { agree: resources.length + zips.length + stack.length === 0, resources, zips, stack };
}

function compareZips(reviewed: ZipDigests, planned: ZipDigests): ZipDifference[] {
  const names = [...new Set([...Object.keys(reviewed), ...Object.keys(planned)])].sort();
  return names
    .map((zip) => ({ zip, reviewed: reviewed[zip], planned: planned[zip] }))
    .filter((d) => d.reviewed !== d.planned);
}

const MAX_LINES_PER_SECTION = 50;

/** A human-readable report: one line per difference, grouped, each section capped. */
export function formatCheck(check: PlanCheck): string {
  if (check.agree) return 'The plan matches the reviewed plan: same resource changes, zips and stack.';
  const sections = [
    section('Resource changes that differ from the reviewed plan', check.resources.flatMap(describeResource)),
    section(
      'Zips that differ from the reviewed ones (SHA-256)',
      check.zips.map((d) => `  ${d.zip}: reviewed ${d.reviewed ?? '(none)'}, now ${d.planned ?? '(none)'}`),
    ),
    section(
      'Synthesized stack (cdk.tf.json) paths that differ',
      check.stack.map((d) => `  ${d.path}: reviewed ${d.reviewed}, now ${d.planned}`),
    ),
  ].filter((text) => text !== '');
  return ['Refusing to deploy: this is not the plan that was reviewed.', ...sections].join('\n\n');
}

function describeResource(d: PlanDifference): string[] {
  switch (d.kind) {
    case 'not-reviewed':
      return [`  + ${d.address}: planned [${d.actions.join(', ')}] but not in the reviewed plan`];
    case 'no-longer-planned':
      return [`  - ${d.address}: reviewed [${d.actions.join(', ')}] but not in this plan`];
    case 'actions-changed':
      return [`  ~ ${d.address}: reviewed [${d.reviewed.join(', ')}], now [${d.planned.join(', ')}]`];
    case 'values-changed':
      return [
        `  ~ ${d.address}:`,
        ...d.values.map((v) => `      ${v.path}: reviewed ${v.reviewed}, now ${v.planned}`),
      ];
  }
}

function section(title: string, lines: readonly string[]): string {
  if (lines.length === 0) return '';
  const shown = lines.slice(0, MAX_LINES_PER_SECTION);
  const more = lines.length - shown.length;
  return [`${title}:`, ...shown, ...(more > 0 ? [`  ... and ${more} more`] : [])].join('\n');
}
