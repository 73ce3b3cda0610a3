export {
  checkAgainstReviewed,
  compareZips,
  formatCheck,
  type PlanCheck,
  type ZipDifference,
} from './check.js';
export { runCli, type CliIo } from './cli.js';
export { compareResourceChanges, type PlanDifference } from './compare-plans.js';
export { PlanCheckError } from './errors.js';
export { parsePlan, type ResourceChange, type TerraformPlan } from './plan-json.js';
export {
  loadReviewedArtifact,
  saveReviewedArtifact,
  snapshotOfStack,
  zipDigests,
  type PlanSnapshot,
  type ZipDigests,
} from './reviewed-artifact.js';
export { diffValues, type ValueDifference } from './value-diff.js';
