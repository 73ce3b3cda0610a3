/**
 * Infra's and the emulator's coded errors as the local cloud's CouldNotStartError, so that the light
 * command shell (command.ts) can give them exit code 2 without importing infra or the SDK.
 */
import { InfraError } from '@pipeline/infra';
import { NoEmulatorError } from '@pipeline/cloud-emulator';
import { CouldNotStartError } from '../errors.js';

/** What to do next when terraform is missing or could not fetch its provider. */
function terraformHint(error: InfraError): string | undefined {
  if (error.code === 'TERRAFORM_UNAVAILABLE') {
    return 'pnpm start applies the local stack with terraform: install terraform >= 1.5 (https://developer.hashicorp.com/terraform/install) and put it on PATH.';
  }
  if (error.code === 'TERRAFORM_FAILED' && !process.env.TF_PLUGIN_DIR) {
    return 'Without registry access, set TF_PLUGIN_DIR to an offline provider mirror holding registry.terraform.io/hashicorp/aws 5.100.0.';
  }
  return undefined;
}

/** `error` as a CouldNotStartError when it is infra's or the emulator's (with a hint where one helps); else itself. */
export function asCouldNotStart(error: unknown): unknown {
  if (error instanceof NoEmulatorError) return new CouldNotStartError(error.message, { cause: error });
  if (!(error instanceof InfraError)) return error;
  const hint = terraformHint(error);
  return new CouldNotStartError(hint === undefined ? error.message : `${error.message}\n${hint}`, {
    cause: error,
  });
}

/** Runs `work`, turning infra's and the emulator's errors into CouldNotStartError. */
export async function orCouldNotStart<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asCouldNotStart(error);
  }
}
