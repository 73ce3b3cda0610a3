/**
 * Decides whether terraform-backed tests run here; when they cannot, says why in one line
 * and hands back `describe.skip`, so the run reports them as skipped, never as passed.
 */
import { findTerraformBinary, terraformAvailability } from '../terraform/index.js';

/** Runs the suite when terraform and a provider mirror (TF_PLUGIN_DIR) holding hashicorp/aws are present. */
export function describeWithTerraform(what: string): jest.Describe {
  const availability = terraformAvailability();
  if (availability.available) return describe;
  process.stderr.write(`Skipping ${what}: ${availability.reason}.\n`);
  return describe.skip;
}

/** Runs the suite when a terraform binary is on PATH, mirror or not. */
export function describeWithTerraformBinary(what: string): jest.Describe {
  if (findTerraformBinary() !== undefined) return describe;
  process.stderr.write(`Skipping ${what}: terraform is not on PATH.\n`);
  return describe.skip;
}
