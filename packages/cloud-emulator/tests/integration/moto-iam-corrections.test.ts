/**
 * moto as the launcher starts it, with IAM enforced, evaluates policies as S3 does where moto 5.2.1 did
 * not (moto/iam_corrections.py): a correctly signed request for a key of any characters is served (5.2.1
 * answered SignatureDoesNotMatch for `=`, `+`, `,`, `:`, `;`, `@`, `%`, `'`, `(` and non-ASCII), and
 * DeleteObjects deletes exactly the keys `s3:DeleteObject` is granted on, one verdict per key (5.2.1
 * authorized the bucket's ARN and denied every key), and a DynamoDB request is authorized on its table's
 * ARN (5.2.1 evaluated every one against `*`, so a grant on a table allowed nothing). Against a moto of
 * its own, with IAM enforced.
 */
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { EMULATOR_ENV, enforceIam, startEmulator, type RunningEmulator } from '../../src/index.js';

const BUCKET = 'iam-corrections';
const AWKWARD_KEY = "allowed/a=b+c,d:e;f@g%h'(i) é.txt";
let moto: RunningEmulator;
let admin: S3Client;
let user: S3Client;
let userCredentials: { accessKeyId: string; secretAccessKey: string };
let adminCredentials: { accessKeyId: string; secretAccessKey: string };

const s3As = (credentials: { accessKeyId: string; secretAccessKey: string }): S3Client =>
  new S3Client({
    endpoint: moto.endpoint,
    region: EMULATOR_ENV.AWS_REGION,
    forcePathStyle: true,
    credentials,
  });

/** A user allowed to read, write and delete under `allowed/` only. */
async function createUser(): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const mode = await enforceIam(moto);
  if (!mode.enforced) throw new Error(`IAM enforcement is needed for this test: ${mode.description}`);
  admin = s3As(mode.admin);
  adminCredentials = mode.admin;
  const iam = new IAMClient({
    endpoint: moto.endpoint,
    region: EMULATOR_ENV.AWS_REGION,
    credentials: mode.admin,
  });
  await iam.send(new CreateUserCommand({ UserName: 'prefix-user' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'prefix-user',
      PolicyName: 'allowed-prefix',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
            Resource: `arn:aws:s3:::${BUCKET}/allowed/*`,
          },
          {
            Effect: 'Allow',
            Action: ['dynamodb:UpdateItem'],
            Resource: `arn:aws:dynamodb:${EMULATOR_ENV.AWS_REGION}:123456789012:table/granted`,
          },
        ],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'prefix-user' }))).AccessKey;
  if (key?.AccessKeyId === undefined || key.SecretAccessKey === undefined) throw new Error('no access key');
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}

beforeAll(async () => {
  moto = await startEmulator({ PIPELINE_EMULATOR: 'moto' });
  userCredentials = await createUser();
  user = s3As(userCredentials);
  await admin.send(new CreateBucketCommand({ Bucket: BUCKET }));
}, 60_000);

afterAll(() => moto?.stop());

const verdict = (promise: Promise<unknown>) =>
  promise.then(
    () => 'allowed',
    (error: { name?: string }) => error.name,
  );

describe('moto with IAM enforced, as the launcher corrects it', () => {
  it('serves a correctly signed request for a key of any characters, and still applies the policy', async () => {
    const put = (Key: string) => verdict(user.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x' })));
    expect(await put(AWKWARD_KEY)).toBe('allowed');
    expect(await verdict(user.send(new GetObjectCommand({ Bucket: BUCKET, Key: AWKWARD_KEY })))).toBe(
      'allowed',
    );
    expect(await put('elsewhere/a=b.txt')).toBe('AccessDenied');
  });

  it('deletes with DeleteObjects exactly the keys s3:DeleteObject is granted on, one verdict per key', async () => {
    for (const Key of ['allowed/gone.txt', 'elsewhere/kept.txt'])
      await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x' }));
    const result = await user.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: { Objects: [{ Key: 'allowed/gone.txt' }, { Key: 'elsewhere/kept.txt' }], Quiet: true },
      }),
    );
    expect(result.Errors?.map((e) => [e.Key, e.Code])).toEqual([['elsewhere/kept.txt', 'AccessDenied']]);
    const left = await admin.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const keys = left.Contents?.map((o) => o.Key) ?? [];
    expect(keys).toContain('elsewhere/kept.txt');
    expect(keys).not.toContain('allowed/gone.txt');
  });

  it('authorizes a DynamoDB request on its table, as AWS does', async () => {
    const dynamodb = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
      new DynamoDBClient({ endpoint: moto.endpoint, region: EMULATOR_ENV.AWS_REGION, credentials });
    for (const TableName of ['granted', 'other'])
      await dynamodb(adminCredentials).send(
        new CreateTableCommand({
          TableName,
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    const update = (TableName: string) =>
      verdict(
        dynamodb(userCredentials).send(
          new UpdateItemCommand({
            TableName,
            Key: { id: { S: 'a' } },
            UpdateExpression: 'SET v = :v',
            ExpressionAttributeValues: { ':v': { N: '1' } },
          }),
        ),
      );
    expect(await update('granted')).toBe('allowed');
    // Refused (moto answers with an XML AccessDenied body, which the JSON client cannot read: not 'allowed').
    expect(await update('other')).not.toBe('allowed');
    expect(
      await verdict(
        dynamodb(userCredentials).send(new GetItemCommand({ TableName: 'granted', Key: { id: { S: 'a' } } })),
      ),
    ).not.toBe('allowed');
  });
});
