/**
 * moto as the launcher starts it keeps object bodies in one shared file (moto/body_store.py): every
 * body reads back as written, whatever its size, through overwrites, copies, multipart uploads and
 * deletes; moto's heap does not grow with the bodies it keeps (moto 5.2.1 kept each under
 * MOTO_S3_DEFAULT_KEY_BUFFER_SIZE there), and it holds a handful of files open however many larger
 * ones it keeps (moto 5.2.1 held one each). Against a moto of its own, to measure its process.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { findMotoCommand, readBody, startMotoServer, type RunningMoto } from '../../src/index.js';

const MiB = 1024 * 1024;
let moto: RunningMoto;
let s3: S3Client;
const bufferSize = process.env.MOTO_S3_DEFAULT_KEY_BUFFER_SIZE;
beforeAll(async () => {
  const command = await findMotoCommand();
  if (command === undefined) throw new Error('moto server is needed for this test');
  // moto 5.2.1 would keep bodies up to this size in its heap and give each larger one a file.
  process.env.MOTO_S3_DEFAULT_KEY_BUFFER_SIZE = String(MiB);
  moto = await startMotoServer(command);
  if (bufferSize === undefined) delete process.env.MOTO_S3_DEFAULT_KEY_BUFFER_SIZE;
  else process.env.MOTO_S3_DEFAULT_KEY_BUFFER_SIZE = bufferSize;
  s3 = new S3Client({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});
afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
});

function rssBytes(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
}

/** The moto server process: the child of the guard process `startMotoServer` runs. */
function motoPid(): number {
  const child = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .find((name) => {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === moto.pid;
    });
  if (child === undefined) throw new Error('the moto server process was not found');
  return Number(child);
}

const describeOnLinux = process.platform === 'linux' ? describe : describe.skip;

describeOnLinux('moto keeps object bodies in one shared file', () => {
  it('returns every body as written, through overwrites, copies, multipart uploads and deletes', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'bodies' }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: 'bodies', VersioningConfiguration: { Status: 'Enabled' } }),
    );
    const bodies = new Map<string, Buffer>();
    for (const [key, size] of [
      ['tiny.txt', 10],
      ['inline-edge.bin', 4096],
      ['small.bin', 4097],
      ['photo.jpg', 300 * 1024],
    ] as const) {
      bodies.set(key, randomBytes(size));
      await s3.send(new PutObjectCommand({ Bucket: 'bodies', Key: key, Body: bodies.get(key) }));
    }
    // An overwrite replaces the body; the copy keeps its own; a delete leaves the others whole.
    const newer = randomBytes(200 * 1024);
    await s3.send(new PutObjectCommand({ Bucket: 'bodies', Key: 'photo.jpg', Body: newer }));
    await s3.send(
      new CopyObjectCommand({ Bucket: 'bodies', Key: 'copy.jpg', CopySource: 'bodies/photo.jpg' }),
    );
    await s3.send(new DeleteObjectCommand({ Bucket: 'bodies', Key: 'small.bin' }));
    const large = randomBytes(11 * 1024 * 1024);
    await new Upload({
      client: s3,
      params: { Bucket: 'bodies', Key: 'large.bin', Body: large },
      partSize: 5 * 1024 * 1024,
    }).done();

    expect((await readBody(s3, 'bodies', 'tiny.txt')).equals(bodies.get('tiny.txt') as Buffer)).toBe(true);
    expect(
      (await readBody(s3, 'bodies', 'inline-edge.bin')).equals(bodies.get('inline-edge.bin') as Buffer),
    ).toBe(true);
    expect((await readBody(s3, 'bodies', 'photo.jpg')).equals(newer)).toBe(true);
    expect((await readBody(s3, 'bodies', 'copy.jpg')).equals(newer)).toBe(true);
    expect((await readBody(s3, 'bodies', 'large.bin')).equals(large)).toBe(true);
    await expect(readBody(s3, 'bodies', 'small.bin')).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('keeps bodies out of its heap: 100 MiB of bodies add under 30 MiB to its resident memory', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'heap-bodies' }));
    const before = rssBytes(motoPid());
    const body = randomBytes(MiB - 1);
    for (let i = 0; i < 100; i++)
      await s3.send(new PutObjectCommand({ Bucket: 'heap-bodies', Key: `photo-${i}.jpg`, Body: body }));
    // moto 5.2.1 kept these in its heap: about 100 MiB more.
    expect(rssBytes(motoPid()) - before).toBeLessThan(30 * MiB);
    expect((await readBody(s3, 'heap-bodies', 'photo-99.jpg')).equals(body)).toBe(true);
  });

  it('holds a handful of files open however many large bodies it keeps', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'many-bodies' }));
    const body = randomBytes(MiB + 1);
    for (let i = 0; i < 60; i++)
      await s3.send(new PutObjectCommand({ Bucket: 'many-bodies', Key: `photo-${i}.jpg`, Body: body }));
    expect(readdirSync(`/proc/${motoPid()}/fd`).length).toBeLessThan(30);
    expect((await readBody(s3, 'many-bodies', 'photo-59.jpg')).equals(body)).toBe(true);
  });
});
