import { ENVIRONMENTS, PIPELINES } from '../../src/config/index.js';
import type { Pipeline } from '../../src/pipelines/kit/define.js';
import { outputLocations } from '../../src/pipelines/kit/locations.js';
import { requireConfigOf } from '../../src/pipelines/registry.js';
import { ALL_ENVIRONMENTS, dataOf, resourcesOf, synthJson, type Block } from '../support/synthesized.js';
import { checkPolicyDocument } from '../support/policy-checker.js';

const stacks = synthJson();
const POLICY_DOCUMENT_JSON = /^\$\{data\.aws_iam_policy_document\.[^.]+\.json\}$/;

describe.each(ALL_ENVIRONMENTS)('IAM policies of the %s stack', (environment) => {
  const json = stacks.get(environment)!;
  const documents = dataOf(json, 'aws_iam_policy_document');

  it('builds every policy from a policy document the checker can see', () => {
    const attached = [
      ...resourcesOf(json, 'aws_iam_role_policy').map(([, p]) => p['policy']),
      ...resourcesOf(json, 'aws_iam_role').map(([, r]) => r['assume_role_policy']),
      ...resourcesOf(json, 'aws_s3_bucket_policy').map(([, p]) => p['policy']),
    ];
    expect(attached.length).toBeGreaterThanOrEqual(8);
    for (const policy of attached) expect(policy).toMatch(POLICY_DOCUMENT_JSON);
    expect(resourcesOf(json, 'aws_iam_policy')).toEqual([]);
    expect(resourcesOf(json, 'aws_sqs_queue_policy')).toEqual([]);
  });

  it('passes the policy checker: no wildcard action, no * resource where a narrower ARN exists, every prefix it reads listable', () => {
    expect(documents.length).toBeGreaterThanOrEqual(8);
    expect(documents.flatMap(([id, document]) => checkPolicyDocument(id, document))).toEqual([]);
  });

  it('gives one role policy to each registered pipeline', () => {
    const rolePolicies = documents.filter(([id]) => id.endsWith('_role_policy_document'));
    expect(rolePolicies.map(([id]) => id).sort()).toEqual(
      PIPELINES.map((p) => `${p.name.replace(/-/g, '_')}_role_policy_document`).sort(),
    );
  });

  it.each(PIPELINES.map((p): [string, Pipeline] => [p.name, p]))(
    'grants %s its own source prefix, output prefixes, log group and failure queue only',
    (name, pipeline) => {
      const config = requireConfigOf(ENVIRONMENTS[environment].pipelines, pipeline);
      const logicalName = name.replace(/-/g, '_');
      const document = documents.find(([id]) => id === `${logicalName}_role_policy_document`)![1];
      const statements = Object.fromEntries(
        (document['statement'] as Block[]).map((s) => [String(s['sid']), s]),
      );
      expect(Object.keys(statements).sort()).toEqual(
        [
          ...pipeline.grants.map((g) => g.sid),
          ...(pipeline.glue ? ['KeepCatalogTables'] : []),
          'SendToOwnFailureQueue',
          'WriteCatalogItems',
          'WriteOwnLogs',
          'WriteTraces',
        ].sort(),
      );
      // The skeleton's catalog writes (a put, or an update without a sequencer), on the stack's table only.
      const tableId = resourcesOf(json, 'aws_dynamodb_table')[0]![0];
      expect(statements['WriteCatalogItems']).toMatchObject({
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [`\${aws_dynamodb_table.${tableId}.arn}`],
      });
      expect(statements['ReadSourcePrefix']!['resources']).toEqual([
        `\${aws_s3_bucket.${config.source.bucket}_bucket.arn}/${config.source.prefix}/*`,
      ]);
      expect(statements['ListSourcePrefix']).toMatchObject({
        actions: ['s3:ListBucket'],
        resources: [`\${aws_s3_bucket.${config.source.bucket}_bucket.arn}`],
        condition: [{ test: 'StringLike', variable: 's3:prefix', values: [`${config.source.prefix}/*`] }],
      });
      expect(statements['WriteOutputPrefixes']!['resources']).toEqual(
        outputLocations(pipeline, config).map(
          ({ location }) => `\${aws_s3_bucket.${location.bucket}_bucket.arn}/${location.prefix}/*`,
        ),
      );
      expect(statements['WriteOwnLogs']!['resources']).toEqual([
        expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.[^}]+\.arn\}:\*$/),
      ]);
      expect(statements['SendToOwnFailureQueue']).toMatchObject({
        actions: ['sqs:SendMessage'],
        resources: [expect.stringMatching(/^\$\{aws_sqs_queue\.[^}]+\.arn\}$/)],
      });
    },
  );
});

describe('the copy role', () => {
  it('reads tags on its destination folder only, where alreadyCopied looks for an earlier copy', () => {
    const document = dataOf(stacks.get('dev')!, 'aws_iam_policy_document').find(
      ([id]) => id === 'copy_role_policy_document',
    )![1];
    const tagReads = (document['statement'] as Block[]).filter((s) =>
      (s['actions'] as string[]).includes('s3:GetObjectTagging'),
    );
    expect(tagReads.map((s) => [s['sid'], s['resources']])).toEqual([
      ['ReadSourcePrefix', ['${aws_s3_bucket.ingest_bucket.arn}/incoming/*']],
      ['ReadDestinationTags', ['${aws_s3_bucket.processed_bucket.arn}/copies/*']],
    ]);
  });
});

describe('the policy checker', () => {
  it('reports wildcard actions, bare * resources, service-wide ARNs and whole-bucket grants', () => {
    const violations = checkPolicyDocument('bad', {
      statement: [
        { sid: 'A', effect: 'Allow', actions: ['s3:*'], resources: ['${aws_s3_bucket.b.arn}/in/*'] },
        { sid: 'B', effect: 'Allow', actions: ['sqs:SendMessage'], resources: ['*'] },
        { sid: 'C', effect: 'Allow', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::*'] },
        { sid: 'D', effect: 'Allow', actions: ['s3:PutObject'], resources: ['${aws_s3_bucket.b.arn}/*'] },
        {
          sid: 'E',
          effect: 'Allow',
          actions: ['glue:GetTable'],
          resources: ['arn:aws:glue:us-east-1:1:table/*/*'],
        },
        {
          sid: 'F',
          effect: 'Allow',
          actions: ['glue:GetDatabase'],
          resources: ['arn:aws:glue:us-east-1:1:database/*'],
        },
      ],
    });
    expect(violations.map((v) => v.statement)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
  });

  it("reports DynamoDB grants beyond item actions on one of the stack's tables", () => {
    const violations = checkPolicyDocument('catalog', {
      statement: [
        {
          sid: 'Ok',
          effect: 'Allow',
          actions: ['dynamodb:UpdateItem'],
          resources: ['${aws_dynamodb_table.t.arn}'],
        },
        {
          sid: 'Admin',
          effect: 'Allow',
          actions: ['dynamodb:DeleteTable'],
          resources: ['${aws_dynamodb_table.t.arn}'],
        },
        { sid: 'Star', effect: 'Allow', actions: ['dynamodb:UpdateItem'], resources: ['*'] },
        {
          sid: 'Stream',
          effect: 'Allow',
          actions: ['dynamodb:GetItem'],
          resources: ['${aws_dynamodb_table.t.arn}/stream/*'],
        },
      ],
    });
    expect([...new Set(violations.map((v) => v.statement))]).toEqual(['Admin', 'Star', 'Stream']);
  });

  it('accepts X-Ray writes on * (no resource-level permissions) and broad Deny statements', () => {
    expect(
      checkPolicyDocument('ok', {
        statement: [
          {
            sid: 'X',
            effect: 'Allow',
            actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
            resources: ['*'],
          },
          { sid: 'D', effect: 'Deny', actions: ['s3:*'], resources: ['*'] },
        ],
      }),
    ).toEqual([]);
  });

  it('reports a prefix read without s3:ListBucket limited to it (S3 would answer 403 for a missing key)', () => {
    const read = {
      sid: 'Read',
      effect: 'Allow',
      actions: ['s3:GetObject'],
      resources: ['${aws_s3_bucket.b.arn}/in/*'],
    };
    const tags = {
      sid: 'Tags',
      effect: 'Allow',
      actions: ['s3:GetObjectTagging'],
      resources: ['${aws_s3_bucket.c.arn}/out/*'],
    };
    const listOther = {
      sid: 'List',
      effect: 'Allow',
      actions: ['s3:ListBucket'],
      resources: ['${aws_s3_bucket.b.arn}'],
      condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['other/*'] }],
    };
    expect(checkPolicyDocument('missing', { statement: [read, tags, listOther] })).toEqual([
      expect.objectContaining({
        statement: 'Read',
        problem: expect.stringMatching(/without s3:ListBucket.*in\/\*/),
      }),
      expect.objectContaining({ statement: 'Tags', problem: expect.stringMatching(/without s3:ListBucket/) }),
      expect.objectContaining({
        statement: 'List',
        problem: 'lists other/*, a prefix the role does not use',
      }),
    ]);
  });

  it('reports s3:ListBucket without an s3:prefix condition, and accepts one limited to the prefixes read', () => {
    const read = {
      sid: 'Read',
      effect: 'Allow',
      actions: ['s3:GetObject'],
      resources: ['${aws_s3_bucket.b.arn}/in/*'],
    };
    const list = {
      sid: 'List',
      effect: 'Allow',
      actions: ['s3:ListBucket'],
      resources: ['${aws_s3_bucket.b.arn}'],
    };
    expect(checkPolicyDocument('unlimited', { statement: [read, list] })).toEqual([
      { document: 'unlimited', statement: 'List', problem: 's3:ListBucket without an s3:prefix condition' },
    ]);
    const limited = { ...list, condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['in/*'] }] };
    expect(checkPolicyDocument('limited', { statement: [read, limited] })).toEqual([]);
  });
});
