/**
 * X-Ray through the skeleton, as Lambda runs it: Powertools Tracer switched on the way Lambda does
 * (`AWS_EXECUTION_ENV`, `LAMBDA_TASK_ROOT`, a sampled `_X_AMZN_TRACE_ID`) and the X-Ray daemon
 * replaced by a UDP socket of the test, which receives the segment documents the SDK sends. A
 * pipeline that reads and writes objects in the emulator shows up as a `## <pipeline>` subsegment
 * of the invocation's trace holding one `S3` subsegment per call, each named with its operation.
 */
import { createSocket, type Socket } from 'node:dgram';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { cleanupTestBuckets, createTestBucket, s3Event, testS3Client } from '@pipeline/testing';

const TRACE_ROOT = '1-67891233-abcdef012345678912345678';
const PARENT = '53995c3f42cd8ad8';

/** A segment document as the X-Ray SDK sends it (the fields the assertions read). */
interface SegmentDocument {
  readonly name: string;
  readonly id: string;
  readonly trace_id?: string;
  readonly parent_id?: string;
  readonly namespace?: string;
  readonly aws?: { readonly operation?: string };
  readonly annotations?: Record<string, unknown>;
  readonly subsegments?: readonly SegmentDocument[];
}

/** Every document in a packet (`{"format":"json","version":1}\n<document>`), nested subsegments flattened. */
function documentsOf(packet: string): SegmentDocument[] {
  const body = packet.slice(packet.indexOf('\n') + 1);
  const flatten = (doc: SegmentDocument, parent?: string): SegmentDocument[] => [
    { ...doc, parent_id: doc.parent_id ?? parent },
    ...(doc.subsegments ?? []).flatMap((child) => flatten(child, doc.id)),
  ];
  return flatten(JSON.parse(body) as SegmentDocument);
}

describe('X-Ray subsegments from definePipeline (Powertools Tracer)', () => {
  let daemon: Socket;
  const packets: string[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    daemon = createSocket('udp4');
    daemon.on('message', (message) => packets.push(message.toString('utf8')));
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
    const { port } = daemon.address();
    Object.assign(process.env, {
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: process.cwd(),
      AWS_LAMBDA_FUNCTION_NAME: 'demo-fn',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      _X_AMZN_TRACE_ID: `Root=${TRACE_ROOT};Parent=${PARENT};Sampled=1`,
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${port}`,
      POWERTOOLS_SERVICE_NAME: 'demo-service',
    });
  });

  afterAll(async () => {
    process.env = saved;
    daemon.close();
    await cleanupTestBuckets();
  });

  it('sends one S3 subsegment per call, with its operation, under the ## demo subsegment', async () => {
    // Loaded after the environment is set: the X-Ray SDK reads it when it loads.
    const kit = await import('../../src/index.js');
    const source = await createTestBucket('trace-src');
    const destination = await createTestBucket('trace-out');
    await testS3Client().send(new PutObjectCommand({ Bucket: source, Key: 'in/a.txt', Body: 'hello' }));
    const handler = kit.definePipeline(
      {
        name: 'demo',
        loadConfig: () => ({
          destinationBucket: destination,
          sourcePrefix: 'in/',
          ownPrefixes: ['out/', 'rejected/'],
          rejectedPrefix: 'rejected/',
        }),
        clients: () => ({ s3: kit.createS3Client() }),
        concurrency: { default: 1, max: 1 },
        rejectionKey: (object) => `rejected/${object.key}.json`,
        process: async (object, { clients }) => {
          const got = await clients.s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }));
          const body = await got.Body!.transformToString();
          await clients.s3.send(new PutObjectCommand({ Bucket: destination, Key: 'out/a.txt', Body: body }));
          return kit.written('copied', [{ bucket: destination, key: 'out/a.txt', bytes: body.length }]);
        },
      },
      { log: new kit.MemoryLog() },
    );
    const invoke = () =>
      handler(s3Event([{ bucket: source, key: 'in/a.txt' }]), {
        awsRequestId: 'req-1',
        functionName: 'demo-fn',
      } as Context);
    expect((await invoke()).outcomes.map((o) => o.kind)).toEqual(['written']);
    await invoke();

    const handlerSegments = () => packets.flatMap(documentsOf).filter((d) => d.name === '## demo');
    await waitFor(() => handlerSegments().length === 2);
    const documents = packets.flatMap(documentsOf);
    const [handlerSegment, warm] = handlerSegments() as [SegmentDocument, SegmentDocument];
    expect(warm.annotations).toMatchObject({ ColdStart: false });
    expect(handlerSegment).toMatchObject({
      trace_id: TRACE_ROOT,
      parent_id: PARENT,
      annotations: { ColdStart: true, Service: 'demo-service' },
    });
    const s3Calls = documents.filter((d) => d.name === 'S3' && d.parent_id === handlerSegment.id);
    expect(s3Calls.map((d) => [d.namespace, d.aws?.operation])).toEqual(
      expect.arrayContaining([
        ['aws', 'GetObject'],
        ['aws', 'PutObject'],
      ]),
    );
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the ## demo subsegments did not reach the daemon socket');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
