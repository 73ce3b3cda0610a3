import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { enforceIam, exportIamEnv, startEmulator, type RunningEmulator } from '@pipeline/cloud-emulator';
import { assumeFunctionRole } from '../../src/iam/function-role.js';
import { folderMoves } from '../../src/iam/role-placement.js';
import { observedCalls, takeDenialReport } from '../../src/iam/role-activity.js';
import { testS3Client } from '../../src/clients.js';
import { uniqueName } from '../../src/buckets.js';
import { demoStack } from '../fixtures/synthesized-stack.js';

// This package's suite runs without IAM; this file starts a second moto of its own with IAM enforced,
// as the apps' suites have it, and points this file's environment (a copy per test file) at it.
let moto: RunningEmulator;
let admin: S3Client;
let source: string;
let destination: string;
/** The demo function's folders as deployed (see the fixture). */
const DEPLOYED = { source: 'incoming/', destination: 'copies/', rejected: 'copies-rejected/' };
const AWKWARD_KEY = "incoming/a=b+c,d:e;f@g%h'(i) é.txt";

beforeAll(async () => {
  moto = await startEmulator({ PIPELINE_EMULATOR: 'moto' });
  const mode = await enforceIam(moto);
  expect(mode.enforced).toBe(true);
  process.env.AWS_ENDPOINT_URL = moto.endpoint;
  exportIamEnv(mode);
  admin = testS3Client();
  [source, destination] = [uniqueName('role-src'), uniqueName('role-dst')];
  for (const bucket of [source, destination]) await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const Key of [AWKWARD_KEY, 'elsewhere/x.txt'])
    await admin.send(new PutObjectCommand({ Bucket: source, Key, Body: 'body' }));
}, 60_000);

afterAll(() => moto?.stop());

const denied = (promise: Promise<unknown>) =>
  promise.then(
    () => 'allowed',
    (error: { name?: string }) => error.name,
  );

describe('a function role under moto with IAM enforced', () => {
  it('refuses a key that is not an IAM user key, and serves the administrator', async () => {
    const anonymous = new S3Client({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    expect(await denied(anonymous.send(new ListBucketsCommand({})))).toBe('InvalidAccessKeyId');
    expect(await denied(admin.send(new ListBucketsCommand({})))).toBe('allowed');
  });

  it('allows exactly what the synthesized policy grants, on the test buckets, keys of any characters', async () => {
    const role = await assumeFunctionRole(
      'copy',
      {
        buckets: { ingest: [source], processed: [destination] },
        folders: folderMoves(DEPLOYED, DEPLOYED),
      },
      { stack: demoStack() },
    );
    const get = (Bucket: string, Key: string) => denied(role.s3.send(new GetObjectCommand({ Bucket, Key })));
    const put = (Key: string) =>
      denied(role.s3.send(new PutObjectCommand({ Bucket: destination, Key, Body: 'x' })));
    const list = (Prefix: string) =>
      denied(role.s3.send(new ListObjectsV2Command({ Bucket: destination, Prefix })));
    expect(await get(source, AWKWARD_KEY)).toBe('allowed');
    expect(await get(source, 'elsewhere/x.txt')).toBe('AccessDenied');
    expect(await put('copies/a=b+c.txt')).toBe('allowed');
    expect(await put('elsewhere/y.txt')).toBe('AccessDenied');
    expect(await list('copies/')).toBe('allowed');
    // moto evaluates no condition of an identity policy (only StringEquals, only in trust policies), so
    // it lists any prefix; the recorded call says AWS would not (the call table's "granted" column).
    expect(await list('elsewhere/')).toBe('allowed');
    expect(observedCalls().at(-1)?.permissions).toEqual([
      { action: 's3:ListBucket', resource: 'processed (outside its folders)', granted: false },
    ]);
    expect(role.functionName).toBe('demo-local-copy');
    expect(role.environment).toEqual({
      AWS_ACCESS_KEY_ID: role.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: role.credentials.secretAccessKey,
      AWS_SESSION_TOKEN: role.credentials.sessionToken,
    });
  });

  it('deletes with DeleteObjects exactly the keys s3:DeleteObject is granted on, one verdict per key, as S3 does', async () => {
    const role = await assumeFunctionRole(
      'copy',
      { buckets: { ingest: [source], processed: [destination] }, folders: folderMoves(DEPLOYED, DEPLOYED) },
      { stack: demoStack() },
    );
    for (const Key of ['copies-rejected/a b.json', 'copies/kept.txt'])
      await admin.send(new PutObjectCommand({ Bucket: destination, Key, Body: 'x' }));
    const result = await role.s3.send(
      new DeleteObjectsCommand({
        Bucket: destination,
        Delete: { Objects: [{ Key: 'copies-rejected/a b.json' }, { Key: 'copies/kept.txt' }], Quiet: true },
      }),
    );
    expect(result.Errors?.map((e) => [e.Key, e.Code])).toEqual([['copies/kept.txt', 'AccessDenied']]);
    const left = await admin.send(new ListObjectsV2Command({ Bucket: destination, Prefix: 'copies' }));
    const keys = left.Contents?.map((o) => o.Key) ?? [];
    expect(keys).toContain('copies/kept.txt');
    expect(keys).not.toContain('copies-rejected/a b.json');
  });

  it('follows the test folders: a grant moves with the folder of the configuration it serves', async () => {
    const role = await assumeFunctionRole(
      'copy',
      {
        buckets: { ingest: [source], processed: [destination] },
        folders: folderMoves(DEPLOYED, { source: 'incoming/', destination: 'out/' }),
      },
      { stack: demoStack() },
    );
    const put = (Key: string) =>
      denied(role.s3.send(new PutObjectCommand({ Bucket: destination, Key, Body: 'x' })));
    expect(await put('out/z.txt')).toBe('allowed');
    expect(await put('copies/z.txt')).toBe('AccessDenied');
    // Not moved by the test: its grant stays on the stack's folder.
    expect(await put('copies-rejected/z.json')).toBe('allowed');
  });

  it('records every call in the stack terms, and reports each AccessDenied with the permission it lacked', async () => {
    takeDenialReport();
    const role = await assumeFunctionRole(
      'copy',
      { buckets: { ingest: [source], processed: [destination] }, folders: folderMoves(DEPLOYED, DEPLOYED) },
      { stack: demoStack() },
    );
    await role.s3
      .send(new GetObjectCommand({ Bucket: source, Key: 'incoming/missing.txt' }))
      .catch(() => undefined);
    await role.s3
      .send(new GetObjectCommand({ Bucket: source, Key: 'elsewhere/x.txt' }))
      .catch(() => undefined);
    const calls = observedCalls().slice(-2);
    expect(calls.map((call) => [call.result, call.permissions])).toEqual([
      [
        'not-found',
        [
          { action: 's3:GetObject', resource: 'ingest/incoming/*', granted: true },
          {
            action: 's3:ListBucket',
            resource: 'ingest, s3:prefix incoming/…',
            granted: false,
            when: 'a missing key answers 404, not 403',
          },
        ],
      ],
      ['denied', [{ action: 's3:GetObject', resource: 'ingest/ (outside its folders)', granted: false }]],
    ]);
    expect(takeDenialReport()).toBe(
      [
        'AccessDenied: demo-local-copy ran under its synthesized role and was denied 1 S3 call(s):',
        `  GetObject s3://${source}/elsewhere/x.txt needs s3:GetObject on ingest/ (outside its folders), which its synthesized policy does not grant`,
        'Grant it in infra (the policy is read from infra/cdktf.out after `pnpm synth`); never widen a policy in a test.',
      ].join('\n'),
    );
    expect(takeDenialReport()).toBeUndefined();
  });
});
