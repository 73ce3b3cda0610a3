import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { EMULATED_SERVICES, TERRAFORM_REQUIRED_VERSION } from '../../src/stacks/provider.js';
import { PIPELINE_NAMES } from '../../src/config/index.js';
import { buildApp } from '../../src/synth.js';
import { InfraConfigError, MissingArtifactError } from '../../src/errors.js';
import { withFakeRepo } from '../support/fake-repo.js';
import { ALL_ENVIRONMENTS, ref, resourcesOf, synthJson, type Block } from '../support/synthesized.js';

const stacks = synthJson();
const INFRA = path.resolve(__dirname, '../..');

describe('state backends', () => {
  it('keeps local state in a file for the local stack', () => {
    const backend = stacks.get('local')!.terraform['backend'] as Record<string, Block>;
    expect(Object.keys(backend)).toEqual(['local']);
    expect(String(backend['local']!['path'])).toMatch(/terraform\.local\.tfstate$/);
  });

  it.each(['dev', 'prod'] as const)(
    'keeps %s state in S3, encrypted, with lockfile locking',
    (environment) => {
      const backend = stacks.get(environment)!.terraform['backend'] as Record<string, Block>;
      expect(backend['s3']).toMatchObject({
        key: `pipelines/${environment}/terraform.tfstate`,
        encrypt: true,
        use_lockfile: true,
      });
    },
  );
});

describe('provider', () => {
  it.each(ALL_ENVIRONMENTS)('the %s stack talks to real AWS when no endpoint is given', (environment) => {
    const [provider] = stacks.get(environment)!.provider['aws']!;
    expect(provider).toMatchObject({ region: 'us-east-1' });
    expect(provider!['endpoints']).toBeUndefined();
  });

  it("points every service at AWS_ENDPOINT_URL, path-style, with validation skipped and the account from the emulator's STS", () => {
    const json = synthJson({ environments: ['local'], endpointUrl: 'http://127.0.0.1:4566' }).get('local')!;
    const [provider] = json.provider['aws']!;
    expect(provider).toMatchObject({
      s3_use_path_style: true,
      skip_credentials_validation: true,
      skip_requesting_account_id: false,
      skip_metadata_api_check: 'true',
    });
    const endpoints = (provider!['endpoints'] as Block[])[0]!;
    expect(Object.keys(endpoints).sort()).toEqual([...EMULATED_SERVICES].sort());
    for (const service of EMULATED_SERVICES) expect(endpoints[service]).toBe('http://127.0.0.1:4566');
  });

  it('leaves the TLS-only bucket policy out only for an emulator reached over plain http', () => {
    // moto evaluates bucket policies: over http the aws:SecureTransport deny would refuse every request.
    const overHttp = synthJson({ environments: ['local'], endpointUrl: 'http://127.0.0.1:4566' }).get(
      'local',
    )!;
    expect(resourcesOf(overHttp, 'aws_s3_bucket_policy')).toEqual([]);
    expect(resourcesOf(overHttp, 'aws_s3_bucket_public_access_block')).toHaveLength(2);
    const overHttps = synthJson({
      environments: ['local'],
      endpointUrl: 'https://localhost.localstack.cloud:4566',
    }).get('local')!;
    expect(resourcesOf(overHttps, 'aws_s3_bucket_policy')).toHaveLength(2);
  });

  it('rejects an endpoint that is not an http(s) URL', () => {
    withFakeRepo((repoRoot) =>
      expect(() => buildApp({ repoRoot, environments: ['local'], endpointUrl: 'localhost:4566' })).toThrow(
        InfraConfigError,
      ),
    );
  });
});

describe('synth failures', () => {
  it('stops with "run pnpm build" when an app zip is missing', () => {
    const error = withFakeRepo(
      (repoRoot) => {
        try {
          buildApp({ repoRoot, environments: ['dev'], endpointUrl: null });
        } catch (caught) {
          return caught;
        }
        return undefined;
      },
      { withArtifacts: false },
    );
    expect(error).toBeInstanceOf(MissingArtifactError);
    expect(error).toMatchObject({
      code: 'ARTIFACT_MISSING',
      message: expect.stringMatching(/copy-arm64\.zip.*run pnpm build/),
    });
  });

  it('exits non-zero from the cdktf entry point with one line naming the field', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: INFRA,
      env: { ...process.env, PIPELINE_ENVIRONMENTS: 'staging' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'synth failed (INVALID_CONFIG): Expected one of local, dev, prod for environment but received "staging"',
    );
  });
});

describe('outputs', () => {
  it('exposes bucket names, the alarm topic and each function with its trigger and failure queue', () => {
    const outputs = stacks.get('local')!.output;
    expect(Object.keys(outputs).sort()).toEqual([
      'alarm_topic_arn',
      'buckets',
      'catalog',
      'functions',
      'query',
    ]);
    const tableId = resourcesOf(stacks.get('local')!, 'aws_dynamodb_table')[0]![0];
    expect(outputs['catalog']!['value']).toEqual({
      table_name: ref('aws_dynamodb_table', tableId, 'name'),
      table_arn: ref('aws_dynamodb_table', tableId, 'arn'),
      stream_arn: ref('aws_dynamodb_table', tableId, 'stream_arn'),
    });
    const functions = outputs['functions']!['value'] as Record<string, Block>;
    expect(Object.keys(functions).sort()).toEqual([...PIPELINE_NAMES].sort());
    expect(functions['resize']).toMatchObject({ source_prefix: 'uploads/' });
  });
});

describe('terraform version', () => {
  it.each(ALL_ENVIRONMENTS)(
    'the %s stack requires terraform >= 1.10 (S3 native lockfile locking)',
    (environment) => {
      expect(stacks.get(environment)!.terraform['required_version']).toBe(TERRAFORM_REQUIRED_VERSION);
      expect(TERRAFORM_REQUIRED_VERSION).toBe('>= 1.10');
    },
  );
});
