import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { catalogTableArn, testDynamoDbClient } from '../catalog.js';
import { recordCatalogCalls } from './catalog-call-record.js';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { uniqueName } from '../buckets.js';
import { testIamClient, testS3Client, testStsClient, type AwsCredentials } from '../clients.js';
import type { IamPolicyDocument } from './policy-document.js';
import { recordRoleCall } from './role-activity.js';
import { placeRolePolicies, type FolderLocation, type RolePlacement } from './role-placement.js';
import { recordS3Calls, type DeployedTerms } from './s3-call-record.js';
import { synthesizedFunction } from './synthesized-function.js';
import type { TerraformJson } from './terraform-json.js';

/** Roles the harness creates live under this path (an adopted emulator's teardown removes them). */
export const TEST_ROLE_PATH = '/pipeline-tests/';

/** A function's synthesized role, created in the emulator for one test's buckets and assumed. */
export interface FunctionRole {
  readonly pipeline: string;
  /** The deployed function's name, `<namePrefix>-<pipeline>`. */
  readonly functionName: string;
  readonly roleName: string;
  /** The role's inline policies as put into the emulator (resolved for the test's placement). */
  readonly documents: readonly IamPolicyDocument[];
  readonly credentials: Required<AwsCredentials>;
  /** The credentials as Lambda hands them to a function: `AWS_ACCESS_KEY_ID`, `..._SECRET_...`, `AWS_SESSION_TOKEN`. */
  readonly environment: Readonly<Record<string, string>>;
  /** An S3 client with the role's credentials; every call it makes is recorded (see role-activity.ts). */
  readonly s3: S3Client;
  /** A DynamoDB client with the role's credentials (the object catalog's writes). */
  readonly dynamodb: DynamoDBClient;
}

export interface FunctionRoleOptions {
  /** The synthesized stack to read (default: infra/cdktf.out's pipelines-local, read once per process). */
  readonly stack?: TerraformJson;
}

let callerArn: Promise<string> | undefined;

/** Trust for the test's own identity: the harness stands in for the Lambda service that assumes the role. */
async function trustPolicy(): Promise<string> {
  callerArn ??= testStsClient()
    .send(new GetCallerIdentityCommand({}))
    .then((identity) => identity.Arn ?? '');
  const principal = await callerArn;
  // moto 5.2.1 answers AssumeRole with a 500 when enforcement is on and the trust policy names no AWS
  // principal (its trust check does `principal in None` for a Service-only Principal): name ours.
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
  });
}

function deployedTerms(placement: RolePlacement, locations: readonly FolderLocation[]): DeployedTerms {
  const rolesOf = (bucket: string): string[] =>
    Object.entries(placement.buckets)
      .filter(([, buckets]) => buckets.includes(bucket))
      .map(([role]) => role);
  const place = (bucket: string, path: string): { role?: string; location?: FolderLocation } => {
    const roles = rolesOf(bucket);
    const location = locations
      .filter((candidate) => roles.includes(candidate.bucketRole) && path.startsWith(candidate.test))
      .sort((a, b) => b.test.length - a.test.length)[0];
    return { role: location?.bucketRole ?? roles[0], location };
  };
  return {
    object: (bucket, key) => {
      const { role, location } = place(bucket, key);
      if (role === undefined) return `${bucket} (not a bucket of the stack)`;
      return location === undefined ? `${role}/ (outside its folders)` : `${role}/${location.deployed}*`;
    },
    listing: (bucket, prefix) => {
      const { role, location } = place(bucket, prefix);
      if (role === undefined) return `${bucket} (not a bucket of the stack)`;
      return location === undefined
        ? `${role} (outside its folders)`
        : `${role}, s3:prefix ${location.deployed}…`;
    },
  };
}

/** Creates the role with its inline policies; returns its ARN. */
async function createRole(
  roleName: string,
  documents: readonly { name: string; document: IamPolicyDocument }[],
): Promise<string> {
  const iam = testIamClient();
  const created = await iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      Path: TEST_ROLE_PATH,
      AssumeRolePolicyDocument: await trustPolicy(),
    }),
  );
  for (const { name, document } of documents) {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: name,
        PolicyDocument: JSON.stringify(document),
      }),
    );
  }
  const arn = created.Role?.Arn;
  if (arn === undefined) throw new Error(`CreateRole ${roleName} returned no ARN`);
  return arn;
}

/**
 * Creates the pipeline's role in the emulator with exactly the policies infra synthesizes (placed on
 * the test's buckets and folders, see {@link RolePlacement}), assumes it, and returns its credentials
 * and an S3 client that records every call.
 *
 * @example const role = await assumeFunctionRole('copy', { buckets: { ingest: [src], processed: [dst] }, folders });
 */
export async function assumeFunctionRole(
  pipeline: string,
  placement: RolePlacement,
  options: FunctionRoleOptions = {},
): Promise<FunctionRole> {
  const fn = synthesizedFunction(pipeline, options.stack);
  const placed = placeRolePolicies(fn, placement);
  const roleName = uniqueName(`${pipeline}-role`);
  const roleArn = await createRole(roleName, placed.documents);
  const assumed = await testStsClient().send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: fn.functionName.slice(0, 64) }),
  );
  const credentials = {
    accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
    secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
    sessionToken: assumed.Credentials?.SessionToken ?? '',
  };
  const documents = placed.documents.map(({ document }) => document);
  const s3 = testS3Client(credentials);
  recordS3Calls(
    s3,
    { pipeline, functionName: fn.functionName, documents, terms: deployedTerms(placement, placed.locations) },
    recordRoleCall,
  );
  const dynamodb = testDynamoDbClient(credentials);
  recordCatalogCalls(
    dynamodb,
    { pipeline, functionName: fn.functionName, documents },
    catalogTableArn,
    recordRoleCall,
  );
  return {
    pipeline,
    functionName: fn.functionName,
    roleName,
    documents,
    credentials,
    environment: {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
    },
    s3,
    dynamodb,
  };
}
