/**
 * The emulator's own ceiling: how many S3 requests a second a fresh moto sustains for a given
 * request mix (by operation, with 64 KiB bodies), from a load generator with no functions in the
 * way. A run is judged against it, since on this machine the emulator is the limit.
 */
import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

const BODY = Buffer.alloc(64 * 1024, 7);

type Op = (s3: S3Client, bucket: string, n: number) => Promise<unknown>;

const OPS: Readonly<Record<string, Op>> = {
  PutObject: (s3, bucket, n) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: `put/${n % 2000}`, Body: BODY })),
  GetObject: async (s3, bucket) => {
    const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'seed/object' }));
    await answer.Body?.transformToByteArray();
  },
  HeadObject: (s3, bucket) => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'seed/object' })),
  CopyObject: (s3, bucket, n) =>
    s3.send(
      new CopyObjectCommand({ Bucket: bucket, Key: `copy/${n % 2000}`, CopySource: `${bucket}/seed/object` }),
    ),
  GetObjectTagging: (s3, bucket) =>
    s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'seed/object' })),
  ListObjectsV2: (s3, bucket) =>
    s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'seed/', MaxKeys: 10 })),
};

/** Operations the generator replays as themselves; others (multipart steps, ...) count as PutObject. */
function replayable(operation: string): string {
  return operation in OPS ? operation : 'PutObject';
}

/** The mix as a repeating schedule of operations, proportional to `counts`. */
function schedule(counts: Readonly<Record<string, number>>, length = 200): string[] {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  if (total === 0) return ['HeadObject'];
  const ops: string[] = [];
  for (const [operation, n] of Object.entries(counts)) {
    const share = Math.max(1, Math.round((n / total) * length));
    for (let i = 0; i < share; i++) ops.push(replayable(operation));
  }
  // Interleave deterministically so no operation runs in one long streak.
  return ops
    .map((op, i) => ({ op, at: (i * 7919) % ops.length }))
    .sort((a, b) => a.at - b.at)
    .map((x) => x.op);
}

/** Requests a second `endpoint` sustains for the mix over `seconds`, from `concurrency` clients at once. */
export async function measureCeiling(
  endpoint: string,
  counts: Readonly<Record<string, number>>,
  options: {
    readonly seconds: number;
    readonly concurrency: number;
    /** Who signs (an identity moto enforces IAM for). @default the emulators' test key */
    readonly credentials?: {
      readonly accessKeyId: string;
      readonly secretAccessKey: string;
      readonly sessionToken?: string;
    };
  },
): Promise<{ requestsPerSecond: number; requests: number; errors: number }> {
  const s3 = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: options.credentials ?? { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const bucket = `ceiling-${Date.now().toString(36)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'seed/object', Body: BODY }));
  const plan = schedule(counts);
  const deadline = Date.now() + options.seconds * 1000;
  const started = Date.now();
  let requests = 0;
  let errors = 0;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const n = next++;
      const op = OPS[plan[n % plan.length] ?? 'HeadObject'] as Op;
      await op(s3, bucket, n).then(
        () => requests++,
        () => errors++,
      );
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  const seconds = (Date.now() - started) / 1000;
  s3.destroy();
  return { requestsPerSecond: Math.round((requests / seconds) * 10) / 10, requests, errors };
}
