import { ENVIRONMENTS, PIPELINES } from '../../src/config/index.js';
import { rejectedLocation } from '../../src/pipelines/kit/locations.js';
import { requireConfigOf } from '../../src/pipelines/registry.js';
import {
  ALL_ENVIRONMENTS,
  dataOf,
  ref,
  resourcesOf,
  synthJson,
  type Block,
  type SynthesizedJson,
} from '../support/synthesized.js';

const stacks = synthJson();

function oneFor(json: SynthesizedJson, type: string, bucketId: string): Block {
  const matches = resourcesOf(json, type).filter(
    ([, block]) => block['bucket'] === ref('aws_s3_bucket', bucketId, 'id'),
  );
  expect(matches).toHaveLength(1);
  return matches[0]![1];
}

describe.each(ALL_ENVIRONMENTS)('buckets of the %s stack', (environment) => {
  const json = stacks.get(environment)!;
  const config = ENVIRONMENTS[environment];
  const buckets = resourcesOf(json, 'aws_s3_bucket');

  it('declares the ingest and processed buckets under the name prefix', () => {
    expect(buckets.map(([, b]) => b['bucket']).sort()).toEqual([
      `${config.namePrefix}-ingest`,
      `${config.namePrefix}-processed`,
    ]);
  });

  it.each(buckets.map(([id]) => id))('%s is private and owner-enforced', (id) => {
    expect(oneFor(json, 'aws_s3_bucket_public_access_block', id)).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(oneFor(json, 'aws_s3_bucket_ownership_controls', id)).toMatchObject({
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
  });

  it.each(buckets.map(([id]) => id))('%s is encrypted at rest with S3-managed keys by default', (id) => {
    const encryption = oneFor(json, 'aws_s3_bucket_server_side_encryption_configuration', id);
    expect(encryption['rule']).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
  });

  it.each(buckets.map(([id]) => id))('%s denies every request not made over TLS', (id) => {
    const policy = oneFor(json, 'aws_s3_bucket_policy', id);
    const documentId = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(
      String(policy['policy']),
    )?.[1];
    const document = dataOf(json, 'aws_iam_policy_document').find(([docId]) => docId === documentId)?.[1];
    expect(document?.['statement']).toEqual([
      expect.objectContaining({
        effect: 'Deny',
        actions: ['s3:*'],
        resources: [ref('aws_s3_bucket', id, 'arn'), `${ref('aws_s3_bucket', id, 'arn')}/*`],
        principals: [{ type: '*', identifiers: ['*'] }],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      }),
    ]);
  });

  it('versions the primary (ingest) bucket only', () => {
    const versioned = resourcesOf(json, 'aws_s3_bucket_versioning').map(([, v]) => v['bucket']);
    const ingestId = buckets.find(([, b]) => String(b['bucket']).endsWith('-ingest'))![0];
    expect(versioned).toEqual([ref('aws_s3_bucket', ingestId, 'id')]);
  });

  it('archives originals, expires noncurrent versions and aborts stale uploads in the ingest bucket', () => {
    const ingestId = buckets.find(([, b]) => String(b['bucket']).endsWith('-ingest'))![0];
    const rules = oneFor(json, 'aws_s3_bucket_lifecycle_configuration', ingestId)['rule'] as Block[];
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'archive-originals',
          status: 'Enabled',
          transition: [
            { days: config.lifecycle.archiveAfterDays, storage_class: config.lifecycle.archiveStorageClass },
          ],
        }),
        expect.objectContaining({
          id: 'expire-noncurrent-versions',
          noncurrent_version_expiration: [{ noncurrent_days: config.lifecycle.noncurrentVersionExpireDays }],
        }),
        expect.objectContaining({
          id: 'abort-incomplete-multipart-uploads',
          abort_incomplete_multipart_upload: [
            { days_after_initiation: config.lifecycle.abortIncompleteMultipartDays },
          ],
        }),
      ]),
    );
    expect(config.lifecycle.archiveAfterDays).toBe(30);
  });

  it('expires rejection records and Athena results in the processed bucket after the configured days', () => {
    const processedId = buckets.find(([, b]) => String(b['bucket']).endsWith('-processed'))![0];
    const rules = oneFor(json, 'aws_s3_bucket_lifecycle_configuration', processedId)['rule'] as Block[];
    const expiring = rules
      .filter((r) => r['expiration'])
      .map((r) => [(r['filter'] as Block[])[0]?.['prefix'], (r['expiration'] as Block[])[0]?.['days']]);
    expect(expiring).toEqual([
      ...PIPELINES.map((pipeline) => [
        `${rejectedLocation(pipeline, requireConfigOf(config.pipelines, pipeline)).prefix}/`,
        config.lifecycle.rejectedExpireDays,
      ]),
      [`${config.query.resultsPrefix}/`, config.query.resultsExpireDays],
    ]);
    expect(expiring.map(([prefix]) => prefix)).toEqual([
      'copies-rejected/',
      'images/rejected/',
      'etl/rejected/',
      'athena-results/',
    ]);
  });
});

describe('bucket encryption with a KMS key', () => {
  it('switches every bucket to SSE-KMS with a bucket key and grants the functions that key', () => {
    const kmsKeyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const json = synthJson({ environments: ['dev'], overrides: { dev: { bucketKmsKeyArn: kmsKeyArn } } }).get(
      'dev',
    )!;
    for (const [, encryption] of resourcesOf(json, 'aws_s3_bucket_server_side_encryption_configuration')) {
      expect(encryption['rule']).toEqual([
        {
          apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: kmsKeyArn },
          bucket_key_enabled: true,
        },
      ]);
    }
    const keyStatements = dataOf(json, 'aws_iam_policy_document')
      .filter(([id]) => id.endsWith('_role_policy_document'))
      .flatMap(([, d]) => (d['statement'] as Block[]).filter((s) => s['sid'] === 'UseBucketKeys'));
    expect(keyStatements).toHaveLength(PIPELINES.length);
    expect(keyStatements[0]).toMatchObject({ resources: [kmsKeyArn] });
    const copy = resourcesOf(json, 'aws_lambda_function').find(([, f]) =>
      String(f['function_name']).endsWith('-copy'),
    )![1];
    expect((copy['environment'] as Block)['variables']).toMatchObject({
      DESTINATION_SSE: 'aws:kms',
      DESTINATION_KMS_KEY_ID: kmsKeyArn,
    });
  });
});
