/**
 * Decides whether terraform-backed tests run here; when they cannot, says why in one line
 * and hands back `describe.skip`.
 */
import { terraformAvailability } from '../terraform/index.js';

export function describeWithTerraform(what: string): jest.Describe {
  const availability = terraformAvailability();
  if (availability.available) return describe;
  process.stderr.write(`Skipping ${what}: ${availability.reason}.\n`);
  return describe.skip;
}
