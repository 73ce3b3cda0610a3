/**
 * Everything the page shows, collected once from the run's report (the outcome records, checked
 * against S3), the invocation timeline and, for the images and etl inputs shown, the objects
 * themselves in the emulator's S3. Bounded by REPORT_CAPS whatever the run's size.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { totals, unsettled, type RunFigures, type RunReport } from '../report.js';
import { Slots } from '../../run/slots.js';
import type { InputVerdict } from '../../verify/verify.js';
import { REPORT_CAPS, type ReportCaps } from './caps.js';
import type { InvocationSpan } from './invocation-timeline.js';
import { readQuarantineHead, type QuarantinedRow } from './quarantine-head.js';
import { thumbnailOf, type VariantThumbnail } from './thumbnails.js';

export interface ImageSheet {
  readonly verdict: InputVerdict;
  readonly variants: readonly VariantThumbnail[];
}

export interface EtlInput {
  readonly verdict: InputVerdict;
  readonly rowsRead: number | undefined;
  readonly rowsWritten: number | undefined;
  readonly rowsRejected: number | undefined;
  /** The quarantine file etl wrote, when it wrote one. */
  readonly quarantineKey: string | undefined;
  /** Its first rows; undefined when not read (beyond the cap, or no file). */
  readonly quarantined: readonly QuarantinedRow[] | undefined;
  readonly quarantineError?: string;
}

export interface CostBar {
  readonly pipeline: string;
  readonly lambda: number;
  readonly s3Requests: number;
  readonly storage: number;
}

/** A list the page shows part of: what is shown, and how many there are in all. */
interface Shown<T> {
  readonly items: readonly T[];
  readonly total: number;
}

export interface PageData {
  readonly totals: ReturnType<typeof totals>;
  readonly figures: RunFigures;
  readonly rows: Shown<InputVerdict>;
  readonly images: Shown<ImageSheet>;
  readonly etl: Shown<EtlInput>;
  readonly cost: readonly CostBar[] | undefined;
  readonly costSource: string | undefined;
  readonly timeline: readonly InvocationSpan[];
  readonly caps: ReportCaps;
}

const byKey = (a: InputVerdict, b: InputVerdict): number =>
  a.key.localeCompare(b.key) || a.pipeline.localeCompare(b.pipeline) || a.bucket.localeCompare(b.bucket);

/**
 * Images are the inputs whose record counts variants (resize's `variantsWritten`), etl inputs those
 * whose record counts rows read: the records say what an input is, not the pipeline's name.
 */
const isImage = (v: InputVerdict): boolean => v.measures?.['variantsWritten'] !== undefined;
const isTable = (v: InputVerdict): boolean => v.measures?.['rowsRead'] !== undefined;

/** Rows that need a look first, then the rest by key, up to the cap. */
function tableRows(report: RunReport, cap: number): Shown<InputVerdict> {
  const look = new Set(unsettled(report));
  const rest = report.inputs.filter((v) => !look.has(v));
  return {
    items: [...[...look].sort(byKey), ...rest.sort(byKey)].slice(0, cap),
    total: report.inputs.length,
  };
}

async function imageSheets(report: RunReport, s3: S3Client, caps: ReportCaps): Promise<Shown<ImageSheet>> {
  const images = report.inputs.filter(isImage).sort(byKey);
  const slots = new Slots(4);
  const options = {
    box: caps.thumbnailBox,
    quality: caps.thumbnailQuality,
    maxFetchBytes: caps.variantFetchBytes,
  };
  const items = await Promise.all(
    images.slice(0, caps.imageSheets).map(async (verdict) => ({
      verdict,
      variants: await Promise.all(
        verdict.outputs
          .slice(0, caps.variantsPerImage)
          .map((output) => slots.run(() => thumbnailOf(s3, output, options))),
      ),
    })),
  );
  return { items, total: images.length };
}

async function etlInputs(report: RunReport, s3: S3Client, caps: ReportCaps): Promise<Shown<EtlInput>> {
  // Those with quarantined rows first (their rows are what the section is for), then by key.
  const rejected = (v: InputVerdict): number => ((v.measures?.['rowsRejected'] ?? 0) > 0 ? 0 : 1);
  const tables = report.inputs.filter(isTable).sort((a, b) => rejected(a) - rejected(b) || byKey(a, b));
  const items = await Promise.all(
    tables.slice(0, caps.etlInputs).map(async (verdict, index): Promise<EtlInput> => {
      // The quarantine file is etl's only CSV output (apps/etl/src/keys.ts).
      const quarantine = verdict.outputs.find((o) => o.key.toLowerCase().endsWith('.csv'));
      const base = {
        verdict,
        rowsRead: verdict.measures?.['rowsRead'],
        rowsWritten: verdict.measures?.['rowsWritten'],
        rowsRejected: verdict.measures?.['rowsRejected'],
        quarantineKey: quarantine?.key,
      };
      if (quarantine === undefined || index >= caps.quarantineInputs)
        return { ...base, quarantined: undefined };
      try {
        const rows = await readQuarantineHead(s3, quarantine.bucket, quarantine.key, {
          limit: caps.quarantineRows,
          readBytes: caps.quarantineReadBytes,
          recordChars: caps.recordChars,
        });
        return { ...base, quarantined: rows };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ...base, quarantined: undefined, quarantineError: message };
      }
    }),
  );
  return { items, total: tables.length };
}

function costBars(report: RunReport): CostBar[] | undefined {
  return report.cost?.rows.map((row) => ({
    pipeline: row.pipeline,
    lambda: row.cost.perMillion.lambda,
    s3Requests: row.cost.perMillion.s3Requests,
    storage: row.cost.storagePerMillionPerMonth,
  }));
}

/** The page's data: `s3` reads the variants and quarantine files the page shows. */
export async function collectPageData(
  report: RunReport,
  s3: S3Client,
  timeline: readonly InvocationSpan[],
  caps: ReportCaps = REPORT_CAPS,
): Promise<PageData> {
  const [images, etl] = await Promise.all([imageSheets(report, s3, caps), etlInputs(report, s3, caps)]);
  return {
    totals: totals(report),
    figures: report.figures,
    rows: tableRows(report, caps.tableRows),
    images,
    etl,
    cost: costBars(report),
    costSource:
      report.cost === undefined
        ? undefined
        : `${report.cost.prices.source}, as of ${report.cost.prices.asOf}`,
    timeline,
    caps,
  };
}
