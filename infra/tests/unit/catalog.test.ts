/**
 * The object catalog table, per environment: its keys match lambda-kit's catalog contract, billing,
 * TTL and stream are the same everywhere, and prod alone has point-in-time recovery, deletion
 * protection and the account's AWS managed key. Every function is told its name and may update it.
 */
import { CATALOG_KEY, CATALOG_TABLE_VARIABLE, CATALOG_TTL_ATTRIBUTE } from '@pipeline/lambda-kit';
import { ENVIRONMENTS } from '../../src/config/index.js';
import { CATALOG_KEY_SCHEMA } from '../../src/constructs/catalog-table.js';
import { ALL_ENVIRONMENTS, dataOf, ref, resourcesOf, synthJson, type Block } from '../support/synthesized.js';

const stacks = synthJson();

describe('the catalog contract', () => {
  it('names the keys and the TTL attribute as lambda-kit writes them', () => {
    expect(CATALOG_KEY_SCHEMA).toEqual({ ...CATALOG_KEY, ttl: CATALOG_TTL_ATTRIBUTE });
  });
});

describe.each(ALL_ENVIRONMENTS)('the object catalog of the %s stack', (environment) => {
  const json = stacks.get(environment)!;
  const tables = resourcesOf(json, 'aws_dynamodb_table');
  const [tableId, table] = tables[0]!;
  const prod = environment === 'prod';

  it('is one table, <prefix>-catalog, keyed by source URI and pipeline, billed on demand', () => {
    expect(tables).toHaveLength(1);
    expect(table).toMatchObject({
      name: `${ENVIRONMENTS[environment].namePrefix}-catalog`,
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'sourceUri',
      range_key: 'pipeline',
      attribute: [
        { name: 'sourceUri', type: 'S' },
        { name: 'pipeline', type: 'S' },
      ],
    });
  });

  it('expires tombstones on expiresAt and streams new and old images', () => {
    expect(table).toMatchObject({
      ttl: { attribute_name: 'expiresAt', enabled: true },
      stream_enabled: true,
      stream_view_type: 'NEW_AND_OLD_IMAGES',
    });
  });

  it(`${prod ? 'has' : 'has no'} point-in-time recovery and deletion protection`, () => {
    expect(table).toMatchObject({
      point_in_time_recovery: { enabled: prod },
      deletion_protection_enabled: prod,
    });
  });

  it(`is encrypted with ${prod ? "the account's AWS managed key (audited)" : 'the AWS owned key'}`, () => {
    expect(table['server_side_encryption']).toEqual({ enabled: prod });
    expect(table['server_side_encryption']).not.toHaveProperty('kms_key_arn');
  });

  it('is named to every function as CATALOG_TABLE', () => {
    for (const [, fn] of resourcesOf(json, 'aws_lambda_function'))
      expect(
        (fn['environment'] as { variables: Record<string, string> }).variables[CATALOG_TABLE_VARIABLE],
      ).toBe(ref('aws_dynamodb_table', tableId, 'name'));
  });
});

describe('an environment whose copies must not outlive their source (copy: onSourceRemoved remove-outputs)', () => {
  const pipelines = {
    ...ENVIRONMENTS.dev.pipelines,
    copy: { ...ENVIRONMENTS.dev.pipelines.copy, onSourceRemoved: 'remove-outputs' as const },
  };
  const json = synthJson({ environments: ['dev'], overrides: { dev: { pipelines } } }).get('dev')!;
  const copyFn = resourcesOf(json, 'aws_lambda_function').find(
    ([, f]) => f['function_name'] === 'pipeline-dev-copy',
  )!;

  it('tells the copy function so, and subscribes it to removals', () => {
    expect(
      (copyFn[1]['environment'] as { variables: Record<string, string> }).variables['ON_SOURCE_REMOVED'],
    ).toBe('remove-outputs');
    const entries = resourcesOf(json, 'aws_s3_bucket_notification')[0]![1]['lambda_function'] as Block[];
    const entry = entries.find(
      (e) => e['lambda_function_arn'] === ref('aws_lambda_function', copyFn[0], 'arn'),
    );
    expect(entry?.['events']).toEqual(['s3:ObjectCreated:*', 's3:ObjectRemoved:*']);
  });

  it('lets its role delete copies (on the copies folder only), which the default keeps from it', () => {
    const statementsOf = (stack: typeof json) =>
      dataOf(stack, 'aws_iam_policy_document').find(([id]) => id === 'copy_role_policy_document')![1][
        'statement'
      ] as Block[];
    expect(statementsOf(json).find((s) => s['sid'] === 'DeleteOutputsOfRemovedSources')).toMatchObject({
      actions: ['s3:DeleteObject'],
      resources: ['${aws_s3_bucket.processed_bucket.arn}/copies/*'],
    });
    expect(
      statementsOf(stacks.get('dev')!).find((s) => s['sid'] === 'DeleteOutputsOfRemovedSources'),
    ).toBeUndefined();
  });

  it('refuses a value that is neither', () => {
    expect(() =>
      synthJson({
        environments: ['dev'],
        overrides: {
          dev: {
            pipelines: {
              ...ENVIRONMENTS.dev.pipelines,
              copy: { ...ENVIRONMENTS.dev.pipelines.copy, onSourceRemoved: 'delete' as 'keep' },
            },
          },
        },
      }),
    ).toThrow(/environments\.dev\.pipelines\.copy\.onSourceRemoved/);
  });
});
