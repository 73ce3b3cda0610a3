import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfraError, TerraformError, TerraformUnavailableError } from '../../src/errors.js';
import {
  cliConfigText,
  runTerraform,
  terraformAvailability,
  writeCliConfig,
} from '../../src/terraform/index.js';
import { describeWithTerraform, describeWithTerraformBinary } from '../../src/testing/terraform-gate.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'infra-runner-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('terraform discovery', () => {
  it('says terraform cannot run when no terraform is on PATH', () => {
    expect(terraformAvailability({ PATH: scratch })).toEqual({
      available: false,
      reason: 'terraform is not on PATH',
    });
  });

  it('refuses to run without a provider mirror, with a coded error', async () => {
    const run = runTerraform(['version'], { workingDir: scratch, env: { PATH: process.env['PATH'] ?? '' } });
    await expect(run).rejects.toBeInstanceOf(TerraformUnavailableError);
    await expect(run).rejects.toMatchObject({ code: 'TERRAFORM_UNAVAILABLE' });
  });

  it('writes a CLI config that installs hashicorp providers from the mirror only', () => {
    const file = writeCliConfig(path.join(scratch, 'cli'), '/mirror/root');
    expect(readFileSync(file, 'utf8')).toBe(cliConfigText('/mirror/root'));
    expect(cliConfigText('/mirror/root')).toMatch(
      /filesystem_mirror \{\n {4}path {4}= "\/mirror\/root"\n {4}include = \["registry\.terraform\.io\/hashicorp\/\*"\]/,
    );
    expect(cliConfigText('/mirror/root')).toMatch(
      /direct \{\n {4}exclude = \["registry\.terraform\.io\/hashicorp\/\*"\]/,
    );
  });
});

describeWithTerraformBinary('the provider mirror checks')(
  'terraform discovery with terraform on PATH',
  () => {
    const withTerraform = { PATH: process.env['PATH'] ?? '' };

    it('says why terraform cannot run without TF_PLUGIN_DIR', () => {
      expect(terraformAvailability(withTerraform)).toMatchObject({
        available: false,
        reason: expect.stringContaining('TF_PLUGIN_DIR is not set'),
      });
    });

    it('says why terraform cannot run with a mirror that holds no AWS provider', () => {
      expect(terraformAvailability({ ...withTerraform, TF_PLUGIN_DIR: scratch })).toMatchObject({
        available: false,
        reason: expect.stringContaining('holds no registry.terraform.io'),
      });
    });

    it('allows the registry instead of a mirror only when asked to', () => {
      expect(terraformAvailability(withTerraform, { allowRegistry: true })).toMatchObject({
        available: true,
        pluginDir: undefined,
      });
    });
  },
);

describeWithTerraform('the terraform runner test')('the terraform runner', () => {
  it('runs terraform with our CLI config for the child only', async () => {
    const { stdout, exitCode } = await runTerraform(['version', '-json'], { workingDir: scratch });
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout)).toHaveProperty('terraform_version');
    expect(process.env['TF_CLI_CONFIG_FILE']).not.toBe(path.join(scratch, 'terraform-cli.tfrc'));
  });

  it('turns a failing command into a TerraformError carrying the exit code and the error text', async () => {
    const empty = path.join(scratch, 'empty');
    mkdirSync(empty);
    const error = await runTerraform(['plan', '-no-color'], { workingDir: empty }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TerraformError);
    expect(error).toBeInstanceOf(InfraError);
    expect(error).toMatchObject({
      code: 'TERRAFORM_FAILED',
      command: 'plan -no-color',
      exitCode: 1,
      stderrTail: expect.stringContaining('No configuration files'),
    });
  });
});
