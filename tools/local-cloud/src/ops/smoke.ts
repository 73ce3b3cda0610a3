/**
 * The smoke test of a deployed environment: upload a known image and CSV to its ingest bucket, wait
 * (with a deadline) for each input's outcome, check the variants and the rows, and remove what it
 * uploaded, whatever the verdict. Where the pipelines handle deletions (`removal`), removing a source
 * must remove its outputs (and its item must say so): the test waits for that and fails without it;
 * whatever is left is then removed by the test itself.
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
import { waitForOutcomes, type FindOutcome, type OutcomeQuery, type WaitOptions } from './smoke-wait.js';

/** How the test sees a removal reach the outputs: each source's item says `removed`, within the time given. */
export interface RemovalCheck {
  readonly isRemoved: (query: OutcomeQuery) => Promise<boolean>;
  /** How long to wait for the outputs to go, from the sources' removal. */
  readonly waitMs: number;
}

export interface SmokeOptions extends WaitOptions {
  readonly s3: S3Client;
  readonly findOutcome: FindOutcome;
  /** Check that removing the sources removes their outputs (the pipelines handle deletions). */
  readonly removal?: RemovalCheck;
  /** Leave the uploads and outputs in place (to look at them). @default false */
  readonly keep?: boolean;
  readonly progress?: (line: string) => void;
}

export interface SmokeReport {
  readonly passed: boolean;
  readonly verdicts: readonly SmokeVerdict[];
  /** Objects the test removed afterwards (bucket/key): its uploads, and any output the pipelines left. */
  readonly removed: readonly string[];
  /** What removing the sources did not do (an output left, an item not `removed`); empty when all went. */
  readonly removalProblems: readonly string[];
}

export async function runSmoke(inputs: readonly SmokeInput[], options: SmokeOptions): Promise<SmokeReport> {
  const say = options.progress ?? (() => undefined);
  const uploaded: { bucket: string; key: string; versionId?: string }[] = [];
  const queries: OutcomeQuery[] = [];
  let verdicts: SmokeVerdict[] = [];
  let removed: string[] = [];
  let removalProblems: string[] = [];
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
      queries.push({ ...input, ...(put.VersionId === undefined ? {} : { versionId: put.VersionId }) });
      say(`uploaded s3://${input.bucket}/${input.key} for ${input.pipeline}`);
    }
    const outcomes = await waitForOutcomes(queries, options.findOutcome, options);
    verdicts = await Promise.all(
      inputs.map((input) => judge(input, outcomes.get(input.key), (o) => observe(options.s3, o))),
    );
  } finally {
    // Also after a failure: the run's objects never stay behind in the environment (unless --keep).
    if (options.keep !== true) {
      removed = await remove(options.s3, uploaded);
      const outputs = verdicts.flatMap((v) => v.outcome?.written ?? []);
      if (options.removal !== undefined && outputs.length > 0) {
        say(`removed the uploads; waiting for the pipelines to remove their ${outputs.length} output(s)`);
        removalProblems = await awaitRemoval(options, options.removal, queries, outputs);
      }
      const left = (
        await Promise.all(outputs.map(async (o) => ((await exists(options.s3, o)) ? [o] : [])))
      ).flat();
      removed.push(...(await remove(options.s3, left)));
      if (removed.length > 0) say(`removed ${removed.length} object(s)`);
    }
  }
  return {
    passed: verdicts.every((v) => v.problems.length === 0) && removalProblems.length === 0,
    verdicts,
    removed,
    removalProblems,
  };
}

/** Waits until every output is gone and every item says `removed`, or the time is up: what is still not so. */
async function awaitRemoval(
  options: SmokeOptions,
  removal: RemovalCheck,
  queries: readonly OutcomeQuery[],
  outputs: readonly WrittenObject[],
): Promise<string[]> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + removal.waitMs;
  for (;;) {
    const left = (
      await Promise.all(outputs.map(async (o) => ((await exists(options.s3, o)) ? [o] : [])))
    ).flat();
    const kept = (
      await Promise.all(queries.map(async (q) => ((await removal.isRemoved(q)) ? [] : [q])))
    ).flat();
    if ((left.length === 0 && kept.length === 0) || now() >= deadline)
      return [
        ...left.map((o) => `output ${o.bucket}/${o.key} is still in S3 after its source was removed`),
        ...kept.map((q) => `the ${q.pipeline} item of ${q.key} does not say removed`),
      ];
    await sleep(Math.min(options.pollMs ?? 5_000, Math.max(0, deadline - now())));
  }
}

async function exists(s3: S3Client, object: { bucket: string; key: string }): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key }));
    return true;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'NotFound' || name === 'NoSuchKey') return false;
    throw error;
  }
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
