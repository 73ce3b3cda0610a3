import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { buildLambdaZips, extractZip } from '@pipeline/lambda-packager';
import { exportEmulatorEnv, startEmulator, uniqueName } from '@pipeline/testing';

export const MiB = 1024 * 1024;

/** The emulator the tests use: AWS_ENDPOINT_URL if set, else LocalStack or moto, started here. */
export async function emulator(): Promise<{ description: string; stop: () => Promise<void> }> {
  const running = await startEmulator();
  exportEmulatorEnv(running);
  return running;
}

/** Builds the zips as `pnpm build` does and unzips the x86_64 one into a temporary folder. */
export async function unpackedArtifact(appDir: string): Promise<{ dir: string; zipBytes: number }> {
  const result = await buildLambdaZips({
    entry: join(appDir, 'src/handler.ts'),
    outDir: join(appDir, 'artifacts'),
    name: 'copy',
  });
  const artifact = result.artifacts.find((a) => a.arch === 'x86_64');
  if (artifact === undefined) throw new Error('no x86_64 zip');
  const dir = await mkdtemp(join(tmpdir(), 'copy-bench-'));
  await extractZip(artifact.zipPath, dir);
  return { dir, zipBytes: artifact.bytes };
}

export async function bucket(s3: S3Client, label: string): Promise<string> {
  const name = uniqueName(label);
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

/**
 * Uploads `size` bytes as a multipart upload from one reused part buffer (stamped with the part
 * number), so the benchmark never holds the object in memory. Returns the ETag.
 */
export async function uploadLargeObject(
  s3: S3Client,
  bucketName: string,
  key: string,
  size: number,
  partSize = 16 * MiB,
): Promise<{ eTag: string; size: number }> {
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: bucketName,
      Key: key,
      ContentType: 'application/octet-stream',
      Metadata: { bench: 'copy-1gib' },
    }),
  );
  const buffer = Buffer.alloc(partSize, 0xa5);
  const parts: { PartNumber: number; ETag?: string }[] = [];
  for (let partNumber = 1, offset = 0; offset < size; partNumber++, offset += partSize) {
    const length = Math.min(partSize, size - offset);
    buffer.writeUInt32BE(partNumber, 0);
    const { ETag } = await s3.send(
      new UploadPartCommand({
        Bucket: bucketName,
        Key: key,
        UploadId,
        PartNumber: partNumber,
        Body: buffer.subarray(0, length),
        ContentLength: length,
      }),
    );
    parts.push({ PartNumber: partNumber, ETag });
  }
  await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucketName,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucketName, Key: key }));
  return { eTag: head.ETag ?? '', size: head.ContentLength ?? 0 };
}
