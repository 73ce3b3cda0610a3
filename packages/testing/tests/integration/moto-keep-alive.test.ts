/**
 * moto as the launcher starts it keeps connections alive between requests (moto-keep-alive.ts), as
 * S3 does: the SDK's requests reuse one connection, and a body moto never read (an error answered
 * first) is not mistaken for the next request. Against a moto of its own, where the launcher is used.
 */
import { request, Agent } from 'node:http';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { findMotoCommand, readBody, startMotoServer, type RunningMoto } from '../../src/index.js';

let moto: RunningMoto;
let s3: S3Client;
beforeAll(async () => {
  const command = await findMotoCommand();
  if (command === undefined) throw new Error('moto server is needed for this test');
  moto = await startMotoServer(command);
  s3 = new S3Client({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'kept' }));
  await s3.send(new PutObjectCommand({ Bucket: 'kept', Key: 'a.txt', Body: 'hello' }));
});
afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
});

interface Answer {
  readonly status: number;
  readonly connection: string | undefined;
  readonly reusedSocket: boolean;
  readonly body: string;
}

/** moto reads the account from the credential scope, and checks no signature unless it enforces IAM. */
const AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=test/20261130/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0';

/** One raw HTTP request through `agent`, so the test sees which connection it used. */
function send(agent: Agent, method: string, path: string, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, moto.endpoint);
    const req = request(
      url,
      {
        method,
        agent,
        headers: { authorization: AUTHORIZATION, ...(body ? { 'content-length': body.length } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            connection: res.headers.connection,
            reusedSocket: req.reusedSocket,
            body: text,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('moto keeps connections alive', () => {
  it('answers without Connection: close, and the next request reuses the connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, 'GET', '/kept/a.txt');
      const second = await send(agent, 'HEAD', '/kept/a.txt');
      expect([first.status, first.body]).toEqual([200, 'hello']);
      expect(first.connection).not.toBe('close'); // HTTP/1.1: kept unless said otherwise
      expect([second.status, second.reusedSocket]).toEqual([200, true]);
    } finally {
      agent.destroy();
    }
  });

  it('a body moto answers before reading (no such bucket) is not read as the next request', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // Shaped like a request line, so that a body left on the connection would be parsed as one.
      const body = Buffer.from(`GET /kept/a.txt HTTP/1.1\r\n\r\n${'x'.repeat(100_000)}`);
      const refused = await send(agent, 'PUT', '/no-such-bucket/k', body);
      const next = await send(agent, 'GET', '/kept/a.txt');
      expect(refused.status).toBe(404);
      expect([next.status, next.body, next.reusedSocket]).toEqual([200, 'hello', true]);
    } finally {
      agent.destroy();
    }
  });

  it('the SDK reads and writes through kept connections: small and large bodies come back whole', async () => {
    const small = Buffer.alloc(10_000, 1);
    const large = Buffer.alloc(3 * 1024 * 1024, 2); // over the whole-body limit: its connection closes
    for (let i = 0; i < 20; i++)
      await s3.send(new PutObjectCommand({ Bucket: 'kept', Key: `s${i}`, Body: i === 10 ? large : small }));
    for (let i = 0; i < 20; i++) {
      expect((await readBody(s3, 'kept', `s${i}`)).equals(i === 10 ? large : small)).toBe(true);
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'kept', Key: `s${i}` }));
      expect(head.ContentLength).toBe(i === 10 ? large.length : small.length);
    }
  });
});
