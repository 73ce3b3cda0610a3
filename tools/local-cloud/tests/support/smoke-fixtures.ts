/** Canned `pnpm smoke` inputs and outcome records, and S3 as the smoke checks see it. */
import type { WrittenObject, WrittenOutcome } from '@pipeline/lambda-kit';
import type { ObservedObject } from '../../src/ops/smoke-checks.js';
import { SMOKE_CSV, type SmokeCsv, type SmokeImage } from '../../src/ops/smoke-inputs.js';

export const VARIANTS = ['thumbnail', 'mobile', 'tablet', 'web'] as const;

export function imageInput(bucket = 'ingest'): SmokeImage {
  return {
    pipeline: 'resize',
    bucket,
    key: 'uploads/smoke/run-1/smoke.jpg',
    body: Buffer.from(''),
    contentType: 'image/jpeg',
    functionName: 'pipeline-dev-resize',
    width: 1600,
    height: 1200,
    variants: VARIANTS,
  };
}

export function csvInput(bucket = 'ingest'): SmokeCsv {
  return {
    pipeline: 'etl',
    bucket,
    key: 'raw/orders/smoke/run-1/orders.csv',
    body: SMOKE_CSV,
    contentType: 'text/csv',
    functionName: 'pipeline-dev-etl',
    rows: { read: 4, written: 3, rejected: 1 },
  };
}

export function writtenOutcome(
  key: string,
  written: WrittenObject[],
  measures?: Record<string, number>,
): WrittenOutcome {
  return {
    schema: 'pipeline.outcome/v1',
    kind: 'written',
    action: 'done',
    pipeline: 'p',
    requestId: 'r',
    source: { bucket: 'ingest', key },
    written,
    durationMs: 1,
    ...(measures === undefined ? {} : { measures }),
  };
}

export const variantObject = (variant: string): WrittenObject => ({
  bucket: 'processed',
  key: `images/variants/${variant}/smoke/run-1/smoke.jpg.jpg`,
  bytes: 100,
});

/** S3 as the checks see it: every listed output present at its size, images of the given size. */
export function observer(sizes: Record<string, [number, number]> = {}, missing: string[] = []) {
  return async (object: WrittenObject): Promise<ObservedObject | undefined> => {
    if (missing.includes(object.key)) return undefined;
    const [width, height] = sizes[object.key] ?? [256, 192];
    return { bytes: object.bytes, image: { format: 'jpeg', width, height } };
  };
}
