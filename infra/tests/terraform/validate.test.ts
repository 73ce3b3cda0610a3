/**
 * `terraform validate` on every synthesized stack, and on one with the fourth pipeline of
 * tests/fixtures/fourth-pipeline, offline: providers come from the mirror at TF_PLUGIN_DIR;
 * backends are not initialised (dev/prod state lives in S3).
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Testing } from 'cdktf';
import { PIPELINES } from '../../src/config/index.js';
import { buildApp, stackName } from '../../src/synth.js';
import { terraformInit, terraformValidate } from '../../src/terraform/index.js';
import { pdfModule } from '../fixtures/fourth-pipeline/pdf.js';
import { withFakeRepo } from '../support/fake-repo.js';
import { ALL_ENVIRONMENTS } from '../support/synthesized.js';
import { describeWithTerraform } from '../../src/testing/terraform-gate.js';

const FOURTH = 'dev with a fourth pipeline';
const WITH_FOURTH = [...PIPELINES, pdfModule] as const;

describeWithTerraform('terraform validate')('terraform validate', () => {
  /** Each stack's terraform working directory, by case name. */
  const stacks = new Map<string, { outdir: string; workingDir: string }>();

  beforeAll(() => {
    // fullSynth copies the (placeholder) zips into each stack's assets, so the fake repo can go afterwards.
    withFakeRepo((repoRoot) => {
      const { stacks: built } = buildApp({ repoRoot, environments: ALL_ENVIRONMENTS, endpointUrl: null });
      for (const environment of ALL_ENVIRONMENTS) {
        const outdir = Testing.fullSynth(built.get(environment)!);
        stacks.set(environment, { outdir, workingDir: path.join(outdir, 'stacks', stackName(environment)) });
      }
    });
    withFakeRepo(
      (repoRoot) => {
        const { stacks: built } = buildApp({
          repoRoot,
          environments: ['dev'],
          endpointUrl: null,
          pipelines: WITH_FOURTH,
        });
        const outdir = Testing.fullSynth(built.get('dev')!);
        stacks.set(FOURTH, { outdir, workingDir: path.join(outdir, 'stacks', stackName('dev')) });
      },
      {
        pipelines: WITH_FOURTH,
        zips: { pdf: path.resolve(__dirname, '../fixtures/fourth-pipeline/pdf.zip') },
      },
    );
  });

  afterAll(() => {
    for (const { outdir } of stacks.values()) rmSync(outdir, { recursive: true, force: true });
  });

  it.each([...ALL_ENVIRONMENTS, FOURTH])(
    'accepts the synthesized %s stack',
    async (name) => {
      const { workingDir } = stacks.get(name)!;
      const json = JSON.parse(readFileSync(path.join(workingDir, 'cdk.tf.json'), 'utf8')) as {
        resource: { aws_lambda_function: Record<string, unknown> };
      };
      expect(Object.keys(json.resource.aws_lambda_function)).toHaveLength(
        name === FOURTH ? WITH_FOURTH.length : PIPELINES.length,
      );
      await terraformInit({ workingDir }, { backend: false });
      const report = await terraformValidate({ workingDir });
      expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(report.valid).toBe(true);
    },
    120_000,
  );
});
