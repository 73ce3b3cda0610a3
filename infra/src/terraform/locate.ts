/**
 * Finds terraform and the offline provider mirror. Nothing here is hard-coded: the mirror root
 * comes from TF_PLUGIN_DIR (the folder that holds `registry.terraform.io/`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export type TerraformAvailability =
  /** `pluginDir` undefined: providers come from the registry (allowed by the caller, never for the tests). */
  | { readonly available: true; readonly binary: string; readonly pluginDir: string | undefined }
  | { readonly available: false; readonly reason: string };

const AWS_PROVIDER_PATH = path.join('registry.terraform.io', 'hashicorp', 'aws');

/** The first `terraform` on PATH, or undefined. */
export function findTerraformBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names = process.platform === 'win32' ? ['terraform.exe'] : ['terraform'];
  for (const dir of (env['PATH'] ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Whether terraform and a provider mirror holding hashicorp/aws are both present, and if not, why.
 * With `allowRegistry` (the local cloud on a connected machine), a missing TF_PLUGIN_DIR means
 * "download providers from the registry" instead of "unavailable".
 */
export function terraformAvailability(
  env: NodeJS.ProcessEnv = process.env,
  options: { readonly allowRegistry?: boolean } = {},
): TerraformAvailability {
  const binary = findTerraformBinary(env);
  if (binary === undefined) return { available: false, reason: 'terraform is not on PATH' };
  const pluginDir = env['TF_PLUGIN_DIR'];
  if ((pluginDir === undefined || pluginDir === '') && options.allowRegistry === true)
    return { available: true, binary, pluginDir: undefined };
  if (pluginDir === undefined || pluginDir === '')
    return {
      available: false,
      reason:
        'TF_PLUGIN_DIR is not set (point it at the provider mirror root that holds registry.terraform.io/)',
    };
  if (!existsSync(path.join(pluginDir, AWS_PROVIDER_PATH)))
    return { available: false, reason: `TF_PLUGIN_DIR=${pluginDir} holds no ${AWS_PROVIDER_PATH}` };
  return { available: true, binary, pluginDir: path.resolve(pluginDir) };
}
