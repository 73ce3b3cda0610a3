/**
 * The S3 Batch Operations route, as an option per environment: off by default; on, a job role that
 * S3 Batch Operations (of this account only) assumes to invoke exactly the stack's functions, read
 * manifests and write reports under one folder, which must stay clear of every trigger and output.
 */
import { loadEnvironment, PIPELINES } from '../../src/config/index.js';
import { checkPolicyDocument } from '../support/policy-checker.js';
import { ALL_ENVIRONMENTS, dataOf, resourcesOf, synthJson, type Block } from '../support/synthesized.js';

const JOB_FOLDER = { bucket: 'processed', prefix: 'jobs/batch' } as const;
const enabled = { batchOperations: { enabled: true, location: JOB_FOLDER } };
const defaults = synthJson();
const withJobs = synthJson({ overrides: { dev: enabled, prod: enabled } });

function statementsOf(document: Block): Record<string, Block> {
  return Object.fromEntries((document['statement'] as Block[]).map((s) => [String(s['sid']), s]));
}

describe('the S3 Batch Operations job role', () => {
  it.each(ALL_ENVIRONMENTS)('is absent by default (%s)', (environment) => {
    const json = defaults.get(environment)!;
    expect(resourcesOf(json, 'aws_iam_role').map(([id]) => id)).not.toContain('batch_operations_role');
    expect(json.output['batch_operations_role_arn']).toBeUndefined();
  });

  describe.each(['dev', 'prod'] as const)('enabled in %s', (environment) => {
    const json = withJobs.get(environment)!;
    const config = loadEnvironment(environment, enabled);
    const documents = Object.fromEntries(dataOf(json, 'aws_iam_policy_document'));

    it('is assumed by S3 Batch Operations for this account only', () => {
      const role = Object.fromEntries(resourcesOf(json, 'aws_iam_role'))['batch_operations_role'];
      expect(role).toMatchObject({
        name: `${config.namePrefix}-batch-operations`,
        assume_role_policy: '${data.aws_iam_policy_document.batch_operations_assume_role_policy.json}',
      });
      expect(statementsOf(documents['batch_operations_assume_role_policy']!)).toEqual({
        BatchOperationsAssumesRole: expect.objectContaining({
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['batchoperations.s3.amazonaws.com'] }],
          condition: [
            {
              test: 'StringEquals',
              variable: 'aws:SourceAccount',
              values: ['${data.aws_caller_identity.account.account_id}'],
            },
          ],
        }),
      });
      expect(json.output['batch_operations_role_arn']).toEqual({
        value: '${aws_iam_role.batch_operations_role.arn}',
      });
    });

    it("may invoke every registered pipeline's function, read manifests and write reports in the job folder, nothing more", () => {
      const statements = statementsOf(documents['batch_operations_job_policy_document']!);
      const folder = '${aws_s3_bucket.processed_bucket.arn}/jobs/batch/*';
      expect(Object.keys(statements).sort()).toEqual(
        [
          'InvokePipelineFunctions',
          'ListJobFolder',
          'LocateJobBucket',
          'ReadManifests',
          'WriteReports',
        ].sort(),
      );
      expect(statements['InvokePipelineFunctions']).toMatchObject({
        actions: ['lambda:InvokeFunction'],
        resources: PIPELINES.map((p) => `\${aws_lambda_function.${p.name}_function.arn}`),
      });
      expect(statements['ReadManifests']).toMatchObject({
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [folder],
      });
      expect(statements['WriteReports']).toMatchObject({ actions: ['s3:PutObject'], resources: [folder] });
      expect(statements['ListJobFolder']).toMatchObject({
        resources: ['${aws_s3_bucket.processed_bucket.arn}'],
        condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['jobs/batch/*'] }],
      });
      const policy = resourcesOf(json, 'aws_iam_role_policy').find(
        ([id]) => id === 'batch_operations_job_policy',
      );
      expect(policy?.[1]).toMatchObject({
        role: '${aws_iam_role.batch_operations_role.id}',
        policy: '${data.aws_iam_policy_document.batch_operations_job_policy_document.json}',
      });
    });

    it('passes the policy checker, with every other document of the stack', () => {
      const all = dataOf(json, 'aws_iam_policy_document');
      expect(all.map(([id]) => id)).toContain('batch_operations_job_policy_document');
      expect(all.flatMap(([id, document]) => checkPolicyDocument(id, document))).toEqual([]);
    });
  });

  it('refuses a job folder that overlaps a trigger or an output, naming the field', () => {
    const at = (location: { bucket: 'ingest' | 'processed'; prefix: string }) => () =>
      loadEnvironment('dev', { batchOperations: { enabled: true, location } });
    expect(at({ bucket: 'ingest', prefix: 'uploads/jobs' })).toThrow(
      /does not overlap pipelines\.resize\.source .* for environments\.dev\.batchOperations\.location\.prefix but received "ingest:uploads\/jobs\/"/,
    );
    expect(at({ bucket: 'processed', prefix: 'copies' })).toThrow(
      /does not overlap pipelines\.copy\.destination/,
    );
    expect(at({ bucket: 'processed', prefix: '/jobs/' })).toThrow(
      /Expected a folder .* for environments\.dev\.batchOperations\.location\.prefix but received/,
    );
    expect(at(JOB_FOLDER)).not.toThrow();
  });
});
