export { checkAgainstReviewed, formatCheck, type PlanCheck } from './check.js';
export { runCli } from './cli.js';
export { parsePlan } from './plan-json.js';
