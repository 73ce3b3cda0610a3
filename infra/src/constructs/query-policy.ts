/**
 * The read-only query policy for analysts' roles, as a document the stack outputs (it attaches to
 * no role here: each team attaches it to its own). It runs queries in the workgroup only, reads the
 * catalog's database and tables, reads and lists the curated folders, and writes and reads the
 * workgroup's results folder. Nothing else: no catalog writes, no other bucket or folder.
 */
import type { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import type { Construct } from 'constructs';
import type { S3Location } from '../config/index.js';
import { policyDocument, type PolicyStatement } from './policy-document.js';
import type { SecureBucket } from './secure-bucket.js';

export interface QueryPolicyProps {
  readonly workgroupArn: string;
  /** The catalog, database and table ARNs the Glue reads are authorized on. */
  readonly catalogArns: readonly string[];
  /** The folders holding the curated tables' files. */
  readonly curated: readonly S3Location[];
  readonly results: S3Location;
  readonly buckets: Readonly<Record<S3Location['bucket'], SecureBucket>>;
}

const RUN_QUERIES = [
  'athena:StartQueryExecution',
  'athena:StopQueryExecution',
  'athena:GetQueryExecution',
  'athena:GetQueryResults',
  'athena:GetWorkGroup',
] as const;

const READ_CATALOG = [
  'glue:GetDatabase',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartition',
  'glue:GetPartitions',
] as const;

export function queryPolicyDocument(
  scope: Construct,
  id: string,
  props: QueryPolicyProps,
): DataAwsIamPolicyDocument {
  const objects = (l: S3Location) => props.buckets[l.bucket].objectsArn(l.prefix);
  const used = [...props.curated, props.results];
  const bucketRoles = [...new Set(used.map((l) => l.bucket))];
  const keys = [
    ...new Set(
      bucketRoles.map((b) => props.buckets[b].kmsKeyArn).filter((k): k is string => k !== undefined),
    ),
  ];
  const statements: PolicyStatement[] = [
    { sid: 'RunQueriesInWorkgroup', actions: [...RUN_QUERIES], resources: [props.workgroupArn] },
    { sid: 'ReadCatalog', actions: [...READ_CATALOG], resources: [...props.catalogArns] },
    { sid: 'ReadCuratedData', actions: ['s3:GetObject'], resources: props.curated.map(objects) },
    {
      sid: 'WriteQueryResults',
      actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'],
      resources: [objects(props.results)],
    },
    // Athena asks for the bucket's region before it reads or writes there.
    {
      sid: 'LocateBuckets',
      actions: ['s3:GetBucketLocation'],
      resources: bucketRoles.map((b) => props.buckets[b].bucket.arn),
    },
    ...bucketRoles.map((role, index) => ({
      sid: bucketRoles.length === 1 ? 'ListQueriedFolders' : `ListQueriedFolders${index}`,
      actions: ['s3:ListBucket'],
      resources: [props.buckets[role].bucket.arn],
      conditions: [
        {
          test: 'StringLike',
          variable: 's3:prefix',
          values: used.filter((l) => l.bucket === role).map((l) => `${l.prefix}/*`),
        },
      ],
    })),
    ...(keys.length > 0
      ? [{ sid: 'UseBucketKeys', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: keys }]
      : []),
  ];
  return policyDocument(scope, id, statements);
}
