/**
 * The smoke test of a deployed environment: upload a known image and CSV to its ingest bucket, wait
 * (with a deadline) for each input's outcome record, check the variants and the rows, and remove what
 * it uploaded and what the pipelines wrote for it, whatever the verdict.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { WrittenObject } from '@pipeline/lambda-kit';
import sharp from 'sharp';
import { judge, type ObservedObject, type SmokeVerdict } from './smoke-checks.js';
import type { SmokeInput } from './smoke-inputs.js';
import { waitForOutcomes, type FindOutcome, type WaitOptions } from './smoke-wait.js';

export interface SmokeOptions extends WaitOptions {
  readonly s3: S3Client;
  readonly findOutcome: FindOutcome;
  /** Leave the uploads and outputs in place (to look at them). @default false */
  readonly keep?: boolean;
  readonly progress?: (line: string) => void;
}

export interface SmokeReport {
  readonly passed: boolean;
  readonly verdicts: readonly SmokeVerdict[];
  /** Objects removed afterwards (bucket/key). */
  readonly removed: readonly string[];
}

export async function runSmoke(inputs: readonly SmokeInput[], options: SmokeOptions): Promise<SmokeReport> {
  const say = options.progress ?? (() => undefined);
  const uploaded: { bucket: string; key: string; versionId?: string }[] = [];
  let verdicts: SmokeVerdict[] = [];
  let removed: string[] = [];
  try {
    for (const input of inputs) {
      const put = await options.s3.send(
        new PutObjectCommand({
          Bucket: input.bucket,
          Key: input.key,
          Body: input.body,
          ContentType: input.contentType,
        }),
      );
      uploaded.push({ bucket: input.bucket, key: input.key, versionId: put.VersionId });
      say(`uploaded s3://${input.bucket}/${input.key} for ${input.pipeline}`);
    }
    const outcomes = await waitForOutcomes(inputs, options.findOutcome, options);
    verdicts = await Promise.all(
      inputs.map((input) => judge(input, outcomes.get(input.key), (o) => observe(options.s3, o))),
    );
  } finally {
    // Also after a failure: the run's objects never stay behind in the environment (unless --keep).
    const outputs = verdicts.flatMap((v) => v.outcome?.written ?? []);
    if (options.keep !== true) removed = await remove(options.s3, [...uploaded, ...outputs]);
    if (removed.length > 0) say(`removed ${removed.length} object(s)`);
  }
  return { passed: verdicts.every((v) => v.problems.length === 0), verdicts, removed };
}

async function observe(s3: S3Client, object: WrittenObject): Promise<ObservedObject | undefined> {
  try {
    if (!/\.(jpe?g|png|webp|avif|gif)$/i.test(object.key)) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key }));
      return { bytes: head.ContentLength ?? -1 };
    }
    const got = await s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }));
    const body = Buffer.from(await got.Body!.transformToByteArray());
    const meta = await sharp(body)
      .metadata()
      .catch(() => undefined);
    return {
      bytes: body.length,
      ...(meta?.width === undefined || meta.height === undefined
        ? {}
        : { image: { format: meta.format ?? 'unknown', width: meta.width, height: meta.height } }),
    };
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'NotFound' || name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** Deletes each object (the version the run made, where the bucket is versioned). */
async function remove(
  s3: S3Client,
  objects: readonly { bucket: string; key: string; versionId?: string }[],
): Promise<string[]> {
  const removed: string[] = [];
  for (const { bucket, key, versionId } of objects) {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    removed.push(`${bucket}/${key}`);
  }
  return removed;
}
