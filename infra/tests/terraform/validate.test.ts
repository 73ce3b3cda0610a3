/**
 * `terraform validate` on every synthesized stack, offline: providers come from the mirror at
 * TF_PLUGIN_DIR; backends are not initialised (dev/prod state lives in S3).
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Testing } from 'cdktf';
import type { EnvironmentName } from '../../src/config/index.js';
import { buildApp, stackName } from '../../src/synth.js';
import { terraformInit, terraformValidate } from '../../src/terraform/index.js';
import { withFakeRepo } from '../support/fake-repo.js';
import { ALL_ENVIRONMENTS } from '../support/synthesized.js';
import { describeWithTerraform } from '../../src/testing/terraform-gate.js';

describeWithTerraform('terraform validate')('terraform validate', () => {
  const outdirs = new Map<EnvironmentName, string>();

  beforeAll(() => {
    // fullSynth copies the (placeholder) zips into each stack's assets, so the fake repo can go afterwards.
    withFakeRepo((repoRoot) => {
      const { stacks } = buildApp({ repoRoot, environments: ALL_ENVIRONMENTS, endpointUrl: null });
      for (const environment of ALL_ENVIRONMENTS)
        outdirs.set(environment, Testing.fullSynth(stacks.get(environment)!));
    });
  });

  afterAll(() => {
    for (const outdir of outdirs.values()) rmSync(outdir, { recursive: true, force: true });
  });

  it.each(ALL_ENVIRONMENTS)(
    'accepts the synthesized %s stack',
    async (environment) => {
      const outdir = outdirs.get(environment)!;
      const workingDir = path.join(outdir, 'stacks', stackName(environment));
      expect(JSON.parse(readFileSync(path.join(workingDir, 'cdk.tf.json'), 'utf8'))).toHaveProperty(
        'resource.aws_lambda_function',
      );
      await terraformInit({ workingDir }, { backend: false });
      const report = await terraformValidate({ workingDir });
      expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(report.valid).toBe(true);
    },
    120_000,
  );
});
