/**
 * `pnpm smoke`'s whole run against the emulator's S3, where a stand-in for the deployed pipelines
 * writes outputs and answers with their outcomes. The deployed path runs in the deploy workflow
 * between dev and prod; the real functions on the local cloud: tests/e2e/smoke-local.test.ts.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { ObjectOutcome, WrittenObject } from '@pipeline/lambda-kit';
import { testS3Client, uniqueName } from '@pipeline/testing';
import sharp from 'sharp';
import { renderSmoke } from '../../src/ops/smoke-render.js';
import { runSmoke } from '../../src/ops/smoke.js';
import { csvInput, imageInput, VARIANTS, writtenOutcome } from '../support/smoke-fixtures.js';

describe('a smoke run against the emulator', () => {
  const s3 = testS3Client();

  async function buckets(): Promise<[string, string]> {
    const ingest = uniqueName('smoke-in');
    const processed = uniqueName('smoke-out');
    for (const bucket of [ingest, processed]) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    return [ingest, processed];
  }

  async function keys(bucket: string): Promise<string[]> {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    return (listed.Contents ?? []).map((o) => o.Key ?? '');
  }

  it('uploads, finds the outputs as recorded, passes, and removes every object it made', async () => {
    const [ingest, processed] = await buckets();
    const image = {
      ...imageInput(ingest),
      body: await sharp({ create: { width: 1600, height: 1200, channels: 3, background: 'white' } })
        .jpeg()
        .toBuffer(),
    };
    const csv = csvInput(ingest);
    // Stands in for the deployed pipelines: writes their outputs, then answers with their records.
    const findOutcome = async ({ key }: { key: string }): Promise<ObjectOutcome> => {
      expect(await keys(ingest)).toContain(key);
      const outputs =
        key === image.key
          ? await Promise.all(
              VARIANTS.map(async (variant) => {
                const body = await sharp(image.body).resize(256).jpeg().toBuffer();
                const out = {
                  bucket: processed,
                  key: `images/variants/${variant}/smoke/run-1/smoke.jpg.jpg`,
                  bytes: body.length,
                };
                await s3.send(new PutObjectCommand({ Bucket: processed, Key: out.key, Body: body }));
                return out;
              }),
            )
          : [await putText(processed, 'etl/curated/orders/smoke/run-1/orders.parquet', 'parquet bytes')];
      return writtenOutcome(
        key,
        outputs,
        key === csv.key ? { rowsRead: 4, rowsWritten: 3, rowsRejected: 1 } : undefined,
      );
    };
    const report = await runSmoke([image, csv], { s3, findOutcome, deadline: Date.now() + 10_000 });
    expect(report.verdicts.map((v) => v.problems)).toEqual([[], []]);
    expect(report.passed).toBe(true);
    expect(report.removed).toHaveLength(2 + VARIANTS.length + 1);
    expect(await keys(ingest)).toEqual([]);
    expect(await keys(processed)).toEqual([]);
    expect(renderSmoke(report)).toMatch(/^ok {3}resize .*\nok {3}etl .*\nsmoke test passed$/);
  });

  it('checks that removing the sources removed their outputs, and removes what the pipelines left', async () => {
    const [ingest, processed] = await buckets();
    const csv = csvInput(ingest);
    const gone = await putText(processed, 'etl/curated/orders/smoke/run-1/orders.parquet', 'parquet');
    const left = await putText(processed, 'etl/manifests/smoke/run-1/orders.json', '{}');
    const findOutcome = async ({ key }: { key: string }): Promise<ObjectOutcome> =>
      writtenOutcome(key, [gone, left], { rowsRead: 4, rowsWritten: 3, rowsRejected: 1 });
    // Stands in for a pipeline that handles deletions: once the source is gone, it removes one output
    // of two and its item never says removed.
    const removed: string[] = [];
    const isRemoved = async ({ key }: { key: string }): Promise<boolean> => {
      if (!(await keys(ingest)).includes(key) && !removed.includes(gone.key)) {
        await s3.send(new DeleteObjectCommand({ Bucket: processed, Key: gone.key }));
        removed.push(gone.key);
      }
      return false;
    };
    const report = await runSmoke([csv], {
      s3,
      findOutcome,
      removal: { isRemoved, waitMs: 200 },
      deadline: Date.now() + 10_000,
      pollMs: 20,
    });
    expect(report.verdicts.map((v) => v.problems)).toEqual([[]]);
    expect(report.removalProblems).toEqual([
      `output ${processed}/${left.key} is still in S3 after its source was removed`,
      `the etl item of ${csv.key} does not say removed`,
    ]);
    expect(report.passed).toBe(false);
    expect(renderSmoke(report)).toContain('FAIL removal: output');
    // The upload, then the output the pipeline left.
    expect(report.removed).toEqual([`${ingest}/${csv.key}`, `${processed}/${left.key}`]);
    expect(await keys(processed)).toEqual([]);
  });

  it('fails when no outcome comes before the deadline, and still removes its uploads', async () => {
    const [ingest] = await buckets();
    const report = await runSmoke([csvInput(ingest)], {
      s3,
      findOutcome: async () => undefined,
      deadline: Date.now() + 50,
      pollMs: 10,
    });
    expect(report.passed).toBe(false);
    expect(renderSmoke(report)).toContain(
      'no outcome record for raw/orders/smoke/run-1/orders.csv before the deadline',
    );
    expect(await keys(ingest)).toEqual([]);
  });

  async function putText(bucket: string, key: string, body: string): Promise<WrittenObject> {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    return { bucket, key, bytes: Buffer.byteLength(body) };
  }
});
