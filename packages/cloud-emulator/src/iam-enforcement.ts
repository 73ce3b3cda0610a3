import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { EMULATOR_ENV, type RunningEmulator } from './emulator.js';

/** Access key, secret and (for a role) session token, as the SDK takes them. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What the test run's emulator does with IAM, announced once by the jest global setup. */
export type IamMode =
  | {
      readonly enforced: true;
      readonly admin: Required<Pick<AwsCredentials, 'accessKeyId' | 'secretAccessKey'>>;
      readonly description: string;
    }
  | { readonly enforced: false; readonly description: string };

/** Set for the workers: `enforced` or `not-enforced` (unset: this package's suite does not use roles). */
export const IAM_MODE_VARIABLE = 'PIPELINE_IAM';

const ADMIN_USER = 'pipeline-test-admin';
const ADMIN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'TestSetupAndAssertions', Effect: 'Allow', Action: '*', Resource: '*' }],
});

const UNENFORCED =
  'functions still run under their synthesized roles, but a missing grant will not fail a test';

function notEnforcedBecause(emulator: RunningEmulator): string {
  if (emulator.tier === 'localstack')
    return 'LocalStack does not evaluate IAM policies (the community image; ENFORCE_IAM is a paid feature)';
  if (emulator.tier === 'endpoint') return 'AWS_ENDPOINT_URL names an emulator the harness did not start';
  return "no Python with moto was found to switch moto's signature check off";
}

/** Creates an administrator (user, inline `*` policy, access key) while moto still accepts anyone. */
async function createAdmin(endpoint: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const iam = new IAMClient({
    endpoint,
    region: EMULATOR_ENV.AWS_REGION,
    credentials: {
      accessKeyId: EMULATOR_ENV.AWS_ACCESS_KEY_ID,
      secretAccessKey: EMULATOR_ENV.AWS_SECRET_ACCESS_KEY,
    },
  });
  await iam.send(new CreateUserCommand({ UserName: ADMIN_USER }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: ADMIN_USER,
      PolicyName: 'administrator',
      PolicyDocument: ADMIN_POLICY,
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: ADMIN_USER }))).AccessKey;
  if (key?.AccessKeyId === undefined || key.SecretAccessKey === undefined)
    throw new Error('moto created no access key');
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}

/** `POST /moto-api/reset-auth` with `0`: every later request is authenticated and authorized ("inf" switches it off). */
async function switchEnforcementOn(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset-auth`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: '0',
  });
  if (!response.ok)
    throw new Error(`moto refused to enforce IAM: HTTP ${response.status} from /moto-api/reset-auth`);
}

/** Proof that enforcement is on: the emulators' default key must now be refused. */
async function assertEnforced(endpoint: string): Promise<void> {
  const anonymous = new S3Client({
    endpoint,
    region: EMULATOR_ENV.AWS_REGION,
    forcePathStyle: true,
    credentials: {
      accessKeyId: EMULATOR_ENV.AWS_ACCESS_KEY_ID,
      secretAccessKey: EMULATOR_ENV.AWS_SECRET_ACCESS_KEY,
    },
  });
  const refused = await anonymous.send(new ListBucketsCommand({})).then(
    () => false,
    () => true,
  );
  if (!refused)
    throw new Error('moto accepted an unknown access key after /moto-api/reset-auth: IAM is not enforced');
}

/**
 * Switches IAM enforcement on where the harness may (a moto it started with its signature check off):
 * creates an administrator first, whose credentials setup and assertions then use. Elsewhere says why not.
 */
export async function enforceIam(emulator: RunningEmulator): Promise<IamMode> {
  if (!emulator.iamEnforceable) {
    return {
      enforced: false,
      description: `IAM: not enforced (${notEnforcedBecause(emulator)}): ${UNENFORCED}`,
    };
  }
  const admin = await createAdmin(emulator.endpoint);
  await switchEnforcementOn(emulator.endpoint);
  await assertEnforced(emulator.endpoint);
  return {
    enforced: true,
    admin,
    description: `IAM: enforced by moto: functions run under their synthesized roles; setup and assertions as ${ADMIN_USER}`,
  };
}

/** Points `env` at the IAM mode: the administrator's key for everything but the functions' roles. */
export function exportIamEnv(mode: IamMode, env: NodeJS.ProcessEnv = process.env): void {
  env[IAM_MODE_VARIABLE] = mode.enforced ? 'enforced' : 'not-enforced';
  if (!mode.enforced) return;
  env.AWS_ACCESS_KEY_ID = mode.admin.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = mode.admin.secretAccessKey;
  delete env.AWS_SESSION_TOKEN;
}

/** Whether this run's emulator enforces IAM (set by the jest global setup of a package that opts in). */
export function iamEnforced(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[IAM_MODE_VARIABLE] === 'enforced';
}
