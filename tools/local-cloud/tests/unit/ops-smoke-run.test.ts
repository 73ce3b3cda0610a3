/**
 * `pnpm smoke`'s whole run against the emulator's S3, where a stand-in for the deployed pipelines
 * writes outputs and answers with their outcome records. The deployed path (CloudWatch Logs
 * filtering, real functions) runs in the deploy workflow between dev and prod; the local cloud's
 * end-to-end test covers the functions themselves.
 */
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
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
    const findOutcome = async (_fn: string, key: string): Promise<ObjectOutcome> => {
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
