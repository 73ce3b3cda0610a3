/**
 * What the smoke test uploads and what it expects back: one photo for resize (every configured variant)
 * and one orders CSV for etl (three good rows, one bad), under a folder of the run's own, so a run never
 * meets another's objects and its clean-up removes only what it made.
 */
import sharp from 'sharp';
import { loadEnvironment, pipelineTarget, requireConfigOf, PIPELINES } from '@pipeline/infra';

export interface SmokeImage {
  readonly pipeline: 'resize';
  readonly bucket: string;
  readonly key: string;
  readonly body: Buffer;
  readonly contentType: string;
  readonly functionName: string;
  readonly width: number;
  readonly height: number;
  /** The variants the environment configures: each must be written. */
  readonly variants: readonly string[];
}

export interface SmokeCsv {
  readonly pipeline: 'etl';
  readonly bucket: string;
  readonly key: string;
  readonly body: string;
  readonly contentType: string;
  readonly functionName: string;
  readonly rows: { readonly read: number; readonly written: number; readonly rejected: number };
}

export type SmokeInput = SmokeImage | SmokeCsv;

const SMOKE_IMAGE = { width: 1600, height: 1200 } as const;

/** The orders dataset's columns (infra's DEMO_DATASETS); the third data row has an amount that is no number. */
export const SMOKE_CSV = [
  'id,customer,amount,ordered_at,shipped,note',
  '1,smoke-a,10.50,2026-11-01T10:00:00Z,true,',
  '2,smoke-b,20.25,2026-11-02T10:00:00Z,false,"gift, wrapped"',
  '3,smoke-c,not-a-number,2026-11-03T10:00:00Z,true,',
  '4,smoke-d,40.00,2026-11-04T10:00:00Z,false,',
  '',
].join('\n');

/** `smoke/<run id>/`: the run's folder under each source prefix. */
function runFolder(runId: string): string {
  if (!/^[a-z0-9-]+$/.test(runId))
    throw new Error(
      `Expected lowercase letters, digits and dashes for the run id but received ${JSON.stringify(runId)}`,
    );
  return `smoke/${runId}/`;
}

async function smokeJpeg(): Promise<Buffer> {
  const { width, height } = SMOKE_IMAGE;
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .composite([
      {
        input: {
          create: { width: width / 2, height: height / 2, channels: 3, background: { r: 230, g: 60, b: 20 } },
        },
        left: width / 4,
        top: height / 4,
      },
    ])
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** resize's `variants` setting (infra's ResizePipelineConfig), checked rather than cast. */
function configuredVariants(settings: object): readonly string[] {
  const variants = (settings as { variants?: unknown }).variants;
  if (!Array.isArray(variants) || !variants.every((v): v is string => typeof v === 'string'))
    throw new Error(
      `Expected a list of variant names for pipelines.resize.variants but received ${JSON.stringify(variants)}`,
    );
  return variants;
}

/** The run's two inputs in `environment`, with the keys and expectations derived from its configuration. */
export async function smokeInputs(environment: string, runId: string): Promise<[SmokeImage, SmokeCsv]> {
  const config = loadEnvironment(environment);
  const resize = pipelineTarget(environment, 'resize');
  const etl = pipelineTarget(environment, 'etl');
  const variants = configuredVariants(
    requireConfigOf(
      config.pipelines,
      PIPELINES.find((p) => p.name === 'resize')!,
    ),
  );
  const folder = runFolder(runId);
  return [
    {
      pipeline: 'resize',
      bucket: resize.source.bucket,
      key: `${resize.source.prefix}${folder}smoke.jpg`,
      body: await smokeJpeg(),
      contentType: 'image/jpeg',
      functionName: resize.functionName,
      ...SMOKE_IMAGE,
      variants,
    },
    {
      pipeline: 'etl',
      bucket: etl.source.bucket,
      key: `${etl.source.prefix}orders/${folder}orders.csv`,
      body: SMOKE_CSV,
      contentType: 'text/csv',
      functionName: etl.functionName,
      rows: { read: 4, written: 3, rejected: 1 },
    },
  ];
}
