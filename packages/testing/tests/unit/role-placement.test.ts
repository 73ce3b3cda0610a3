import { folderMoves, placeRolePolicies } from '../../src/iam/role-placement.js';
import { synthesizedEnvironment, synthesizedFunction } from '../../src/iam/synthesized-function.js';
import { demoStack } from '../fixtures/synthesized-stack.js';

const copy = () => synthesizedFunction('copy', demoStack());
/** The demo function's folders as deployed, as its config loader would read them from its environment. */
const DEPLOYED = { source: 'incoming/', destination: 'copies', rejected: 'copies-rejected' };
const SAME_FOLDERS = folderMoves(DEPLOYED, DEPLOYED);

function statement(sid: string, placed: ReturnType<typeof placeRolePolicies>) {
  return placed.documents[0]?.document.Statement.find((s) => s.Sid === sid);
}

describe('synthesizedFunction', () => {
  it('finds <namePrefix>-<pipeline> and the policies of its role only, whatever the logical ids', () => {
    const fn = copy();
    expect(fn.functionName).toBe('demo-local-copy');
    expect(fn.namePrefix).toBe('demo-local');
    expect(fn.environment['DESTINATION_PREFIX']).toBe('copies');
    expect(fn.policies.map((policy) => policy.name)).toEqual(['demo-least-privilege']);
  });

  it('gives the environment as deployed: bucket references resolved to the bucket names', () => {
    expect(synthesizedEnvironment('copy', demoStack())).toMatchObject({
      DESTINATION_BUCKET: 'demo-local-processed',
      DESTINATION_PREFIX: 'copies',
    });
  });

  it('names the functions it saw when the pipeline has none', () => {
    expect(() => synthesizedFunction('etl', demoStack())).toThrow(
      'Expected one function named <namePrefix>-etl in the synthesized stack; found 0 among demo-local-copy, demo-local-resize',
    );
  });

  it('refuses a role with attached managed policies rather than under-grant in silence', () => {
    const stack = demoStack();
    const attachment = { x: { role: '${aws_iam_role.r7.name}', policy_arn: 'arn' } };
    const resource = { ...stack.resource, aws_iam_role_policy_attachment: attachment };
    expect(() => synthesizedFunction('copy', { ...stack, resource })).toThrow(
      'reads aws_iam_role_policy only',
    );
  });
});

describe('placeRolePolicies', () => {
  it('converts the HCL statements and puts the test buckets where the stack has its own, by bucket role', () => {
    const placed = placeRolePolicies(copy(), {
      buckets: { ingest: ['src-1', 'src-2'], processed: ['dst-1'] },
      folders: SAME_FOLDERS,
    });
    expect(statement('ReadSourcePrefix', placed)).toEqual({
      Sid: 'ReadSourcePrefix',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: ['arn:aws:s3:::src-1/incoming/*', 'arn:aws:s3:::src-2/incoming/*'],
    });
    expect(statement('ListOutputPrefixes', placed)).toEqual({
      Sid: 'ListOutputPrefixes',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: ['arn:aws:s3:::dst-1'],
      Condition: { StringLike: { 's3:prefix': ['copies/*', 'copies-rejected/*'] } },
    });
  });

  it('moves each folder a location variable names to the test value of that variable, conditions too', () => {
    const placed = placeRolePolicies(copy(), {
      buckets: { ingest: ['src'], processed: ['dst'] },
      folders: folderMoves(DEPLOYED, { source: '', destination: 'out', rejected: 'rejected/' }),
    });
    expect(statement('ReadSourcePrefix', placed)?.Resource).toEqual(['arn:aws:s3:::src/*']);
    expect(statement('WriteOutputPrefixes', placed)?.Resource).toEqual([
      'arn:aws:s3:::dst/out/*',
      'arn:aws:s3:::dst/rejected/*',
    ]);
    expect(statement('ListOutputPrefixes', placed)?.Condition).toEqual({
      StringLike: { 's3:prefix': ['out/*', 'rejected/*'] },
    });
    expect(placed.locations).toEqual(
      expect.arrayContaining([
        { name: 'destination', bucketRole: 'processed', deployed: 'copies/', test: 'out/' },
        { name: 'source', bucketRole: 'ingest', deployed: 'incoming/', test: '' },
      ]),
    );
  });

  it('keeps a grant on a folder the deployed configuration does not hold where the stack has it', () => {
    const placed = placeRolePolicies(copy(), {
      buckets: { ingest: ['src'], processed: ['dst'] },
      folders: folderMoves(DEPLOYED, { source: 'incoming/', destination: 'copies/' }),
    });
    expect(statement('WriteOutputPrefixes', placed)?.Resource).toEqual([
      'arn:aws:s3:::dst/copies/*',
      'arn:aws:s3:::dst/copies-rejected/*',
    ]);
  });

  it('turns references to anything but the buckets (log group) and unplaced buckets into ARNs that match nothing', () => {
    const placed = placeRolePolicies(copy(), { buckets: { ingest: ['src'] }, folders: SAME_FOLDERS });
    expect(statement('WriteOwnLogs', placed)?.Resource).toEqual([
      'arn:aws:cloudwatch:us-east-1:000000000000:not-in-this-test/aws_cloudwatch_log_group.logs9.arn:*',
    ]);
    expect(statement('WriteOutputPrefixes', placed)?.Resource?.[0]).toBe(
      'arn:aws:s3:us-east-1:000000000000:not-in-this-test/aws_s3_bucket.b2.arn/copies/*',
    );
  });
});

describe('placeRolePolicies with a Glue database', () => {
  const glueArn =
    'arn:${data.aws_partition.p.partition}:glue:us-east-1:${data.aws_caller_identity.a.account_id}';
  /** The demo function with GLUE_DATABASE and a grant to keep that database's tables. */
  function withCatalog() {
    const stack = demoStack();
    const fn = stack.resource!['aws_lambda_function']!['f5']! as {
      environment: { variables: Record<string, string> };
    };
    fn.environment.variables['GLUE_DATABASE'] = 'demo_local_curated';
    const document = stack.data!['aws_iam_policy_document']!['d4']! as { statement: unknown[] };
    document.statement.push({
      sid: 'KeepCatalogTables',
      actions: ['glue:GetTable', 'glue:CreateTable', 'glue:UpdateTable'],
      effect: 'Allow',
      resources: [
        `${glueArn}:catalog`,
        `${glueArn}:database/demo_local_curated`,
        `${glueArn}:table/demo_local_curated/*`,
      ],
    });
    return synthesizedFunction('copy', stack);
  }

  it("moves the catalog's ARNs to the test's database in the emulator's account", () => {
    const placed = placeRolePolicies(withCatalog(), {
      buckets: { ingest: ['src'], processed: ['dst'] },
      folders: SAME_FOLDERS,
      glue: { database: 'etl_test_1', accountId: '123456789012' },
    });
    expect(statement('KeepCatalogTables', placed)?.Resource).toEqual([
      'arn:aws:glue:us-east-1:123456789012:catalog',
      'arn:aws:glue:us-east-1:123456789012:database/etl_test_1',
      'arn:aws:glue:us-east-1:123456789012:table/etl_test_1/*',
    ]);
  });

  it('leaves them matching nothing when the test has no database', () => {
    const placed = placeRolePolicies(withCatalog(), {
      buckets: { ingest: ['src'], processed: ['dst'] },
      folders: SAME_FOLDERS,
    });
    for (const resource of statement('KeepCatalogTables', placed)?.Resource ?? [])
      expect(resource).toContain('not-in-this-test');
  });
});
