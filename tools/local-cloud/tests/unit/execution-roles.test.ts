/**
 * Each invocation runs under its function's deployed role: the runner assumes the role (whose trust
 * policy names only the Lambda service, as infra deploys it), then switches IAM enforcement on in a
 * moto it started; from then on the role's credentials may do exactly what its policy grants, `--deny`
 * takes a grant away for the run, and the runner itself signs as an administrator. Against its own moto:
 * enforcement holds for the whole server.
 */
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  findMotoCommand,
  motoChecksNoSignatures,
  startMotoServer,
  type FunctionCredentials,
  type RunningEmulator,
  type RunningMoto,
} from '@pipeline/testing';
import type { Deployment, LocalFunction } from '../../src/deploy/deployment.js';
import { UsageError } from '../../src/errors.js';
import { runUnderRoles } from '../../src/deploy/execution-roles.js';

const REGION = 'us-east-1';
const BUCKET = 'roles-ingest';
const TEST_KEY = { accessKeyId: 'test', secretAccessKey: 'test' };

let moto: RunningMoto;
let command: readonly string[];
// enforceIam exports the administrator's key to the environment: restore it for the other suites.
const savedEnv = { ...process.env };
beforeAll(async () => {
  const found = await findMotoCommand();
  if (found === undefined) throw new Error('moto server is needed for the execution-role tests');
  command = found;
  moto = await startMotoServer(command);
});
afterAll(async () => {
  process.env = savedEnv;
  await moto?.stop();
});

function emulatorOf(tier: RunningEmulator['tier'], iamEnforceable: boolean): RunningEmulator {
  return { tier, endpoint: moto.endpoint, description: '', iamEnforceable, stop: async () => undefined };
}

function s3As(credentials: FunctionCredentials): S3Client {
  return new S3Client({ endpoint: moto.endpoint, region: REGION, forcePathStyle: true, credentials });
}

/** A role as infra deploys one: trusted by the Lambda service only, allowed to read and write `in/`. */
async function deployedRole(name: string): Promise<string> {
  const iam = new IAMClient({ endpoint: moto.endpoint, region: REGION, credentials: TEST_KEY });
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: name,
      PolicyName: 'objects',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: [`arn:aws:s3:::${BUCKET}/in/*`],
          },
        ],
      }),
    }),
  );
  return role.Role?.Arn ?? '';
}

function deploymentWith(pipeline: string, roleArn: string): Deployment {
  const fn: LocalFunction = {
    pipeline,
    artifactPath: '/artifacts/none.zip',
    codeSha256: 'sha',
    reservedConcurrency: 1,
    roleArn,
    asyncConfig: { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60, onFailureDestination: undefined },
    fn: {
      name: `local-${pipeline}`,
      arn: `arn:aws:lambda:${REGION}:123456789012:function:local-${pipeline}`,
      handler: 'index.handler',
      codeDir: '/code',
      memoryMb: 128,
      timeoutSeconds: 3,
      environment: {},
      region: REGION,
    },
  };
  return { buckets: [BUCKET], triggers: [], functions: new Map([[fn.fn.arn, fn]]) };
}

const denied = (promise: Promise<unknown>): Promise<string | undefined> =>
  promise.then(
    () => undefined,
    (error: { name?: string }) => error.name,
  );

describe('running each function under its deployed role', () => {
  it('where the runner may not enforce IAM, hands out the role credentials, says so, and refuses --deny', async () => {
    const deployment = deploymentWith('copy', await deployedRole('unenforced-copy-role'));
    const options = { deployment, runsFunctions: false, region: REGION };
    const roles = await runUnderRoles({ ...options, emulator: emulatorOf('endpoint', false), deny: [] });
    expect(roles).toMatchObject({ enforced: false, runner: undefined });
    expect(roles.description).toMatch(/^IAM: not enforced \(AWS_ENDPOINT_URL names an emulator/);
    const fn = [...deployment.functions.values()][0] as LocalFunction;
    expect(await roles.hook?.(fn.fn)).toMatchObject({ sessionToken: expect.any(String) });
    await expect(
      runUnderRoles({
        ...options,
        emulator: emulatorOf('endpoint', false),
        deny: [{ pipeline: 'copy', action: 's3:PutObject', keyPrefix: undefined }],
      }),
    ).rejects.toThrow(UsageError);
  });

  it('with moto enforcing: the role may do what its policy grants and nothing else; --deny narrows it; the runner is the administrator', async () => {
    expect(motoChecksNoSignatures(command)).toBe(true);
    const setup = s3As(TEST_KEY);
    await setup.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const deployment = deploymentWith('copy', await deployedRole('enforced-copy-role'));
    const roles = await runUnderRoles({
      emulator: emulatorOf('moto', true),
      deployment,
      runsFunctions: false,
      region: REGION,
      deny: [{ pipeline: 'copy', action: 's3:PutObject', keyPrefix: 'in/private/' }],
    });
    expect(roles.enforced).toBe(true);
    expect(roles.description).toContain('denied for this run: copy=s3:PutObject@in/private/');

    const fn = [...deployment.functions.values()][0] as LocalFunction;
    const asRole = s3As((await roles.hook?.(fn.fn)) as FunctionCredentials);
    await asRole.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'in/a.txt', Body: 'a' }));
    await asRole.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'in/a.txt' }));
    expect(
      await denied(asRole.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'out/a.txt', Body: 'a' }))),
    ).toBe('AccessDenied');
    expect(
      await denied(asRole.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'in/private/a.txt', Body: 'a' }))),
    ).toBe('AccessDenied');

    // The emulators' default key no longer passes; the runner's administrator does.
    expect(await denied(setup.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'in/a.txt' })))).toBeDefined();
    const asRunner = s3As(roles.runner as FunctionCredentials);
    await asRunner.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'out/a.txt', Body: 'a' }));
  });
});
