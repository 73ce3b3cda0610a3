/**
 * A terraform CLI configuration of our own: providers come only from the filesystem mirror,
 * so init never reaches for the registry (offline machines, reproducible CI).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function cliConfigText(pluginDir: string): string {
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(pluginDir)}`,
    '    include = ["registry.terraform.io/hashicorp/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/hashicorp/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Writes the CLI config into `directory` and returns its path (for TF_CLI_CONFIG_FILE). */
export function writeCliConfig(directory: string, pluginDir: string): string {
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, 'terraform-cli.tfrc');
  writeFileSync(file, cliConfigText(pluginDir));
  return file;
}
