/**
 * The committed provider lock (infra/.terraform.lock.hcl): `cdktf synth` copies it into every stack
 * directory, it records the provider version the stacks require, and `terraform init
 * -lockfile=readonly` accepts the mirror's provider with it and refuses a lock that disagrees.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { synthesize } from '../../src/synth.js';
import { describeWithTerraform } from '../../src/testing/terraform-gate.js';
import {
  PROVIDER_LOCK_FILE,
  providerLockPath,
  readProviderLock,
  terraformInit,
} from '../../src/terraform/index.js';
import { TerraformError } from '../../src/errors.js';
import { withFakeRepo } from '../support/fake-repo.js';

const LOCK = providerLockPath(path.resolve(__dirname, '../../..'));

function requiredAwsVersion(stackDir: string): string {
  const json = JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    terraform: { required_providers: { aws: { version: string } } };
  };
  return json.terraform.required_providers.aws.version;
}

describe('the committed provider lock', () => {
  let outdir: string;
  let stackDir: string;

  beforeAll(() => {
    outdir = mkdtempSync(path.join(os.tmpdir(), 'provider-lock-'));
    const [dev] = withFakeRepo((repoRoot) =>
      synthesize({ repoRoot, outdir, environments: ['dev'], endpointUrl: null, providerLock: LOCK }),
    );
    stackDir = dev!.directory;
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('is copied into the synthesized stack directory', () => {
    expect(readFileSync(path.join(stackDir, PROVIDER_LOCK_FILE), 'utf8')).toBe(readFileSync(LOCK, 'utf8'));
  });

  it('locks exactly the AWS provider version the stack requires, with hashes', () => {
    expect(readProviderLock(LOCK)).toEqual([
      {
        source: 'registry.terraform.io/hashicorp/aws',
        version: requiredAwsVersion(stackDir),
        hashes: expect.arrayContaining([expect.stringMatching(/^h1:/)]),
      },
    ]);
  });

  describeWithTerraform('terraform init -lockfile=readonly')('terraform init -lockfile=readonly', () => {
    it('accepts the mirror provider with the committed lock', async () => {
      await terraformInit({ workingDir: stackDir }, { backend: false, lockfile: 'readonly' });
      expect(readFileSync(path.join(stackDir, PROVIDER_LOCK_FILE), 'utf8')).toBe(readFileSync(LOCK, 'utf8'));
    }, 120_000);

    it('refuses a lock whose hashes disagree with the provider', async () => {
      const text = readFileSync(LOCK, 'utf8').replace(
        /"h1:[^"]+"/,
        '"h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="',
      );
      writeFileSync(path.join(stackDir, PROVIDER_LOCK_FILE), text);
      rmSync(path.join(stackDir, '.terraform'), { recursive: true, force: true });
      await expect(
        terraformInit({ workingDir: stackDir }, { backend: false, lockfile: 'readonly' }),
      ).rejects.toThrow(TerraformError);
    }, 120_000);
  });
});
