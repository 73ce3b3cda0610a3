/**
 * The role an S3 Batch Operations job assumes to run the pipelines over objects that already exist
 * (millions of them: `pnpm reprocess` covers thousands). It may invoke exactly the given functions,
 * read manifests and write completion reports under one folder, and nothing else: the functions
 * read their sources and write their outputs under their own roles.
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { Construct } from 'constructs';
import { policyDocument } from './policy-document.js';
import type { SecureBucket } from './secure-bucket.js';

export interface BatchOperationsRoleProps {
  readonly roleName: string;
  /** The functions a job may invoke (unqualified ARNs). */
  readonly functionArns: readonly string[];
  /** The bucket holding the job folder. */
  readonly bucket: SecureBucket;
  /** The job folder (no slashes at the ends): manifests are read and reports written under it. */
  readonly prefix: string;
  /** Only jobs of this account may assume the role (the confused-deputy guard). */
  readonly accountId: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export class BatchOperationsRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: BatchOperationsRoleProps) {
    super(scope, id);
    const trust = policyDocument(this, 'assume-role-policy', [
      {
        sid: 'BatchOperationsAssumesRole',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['batchoperations.s3.amazonaws.com'] }],
        conditions: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.accountId] }],
      },
    ]);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      assumeRolePolicy: trust.json,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    new IamRolePolicy(this, 'job-policy', {
      name: `${props.roleName}-jobs`,
      role: this.role.id,
      policy: this.jobPolicy(props).json,
    });
  }

  private jobPolicy(props: BatchOperationsRoleProps) {
    const folder = props.bucket.objectsArn(props.prefix);
    return policyDocument(this, 'job-policy-document', [
      {
        sid: 'InvokePipelineFunctions',
        actions: ['lambda:InvokeFunction'],
        resources: [...props.functionArns],
      },
      { sid: 'ReadManifests', actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [folder] },
      { sid: 'WriteReports', actions: ['s3:PutObject'], resources: [folder] },
      {
        sid: 'ListJobFolder',
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucket.arn],
        conditions: [{ test: 'StringLike', variable: 's3:prefix', values: [`${props.prefix}/*`] }],
      },
      { sid: 'LocateJobBucket', actions: ['s3:GetBucketLocation'], resources: [props.bucket.bucket.arn] },
    ]);
  }
}
