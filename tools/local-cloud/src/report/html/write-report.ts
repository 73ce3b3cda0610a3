/** `--report FILE`: writes the run's report as one self-contained HTML page. */
import { writeFile } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import type { RunReport } from '../report.js';
import type { InvocationSpan } from './invocation-timeline.js';
import { collectPageData } from './page-data.js';
import { renderPage } from './page.js';

/** Writes the page to `file`; returns its size in bytes. `s3` reads the variants and quarantine files shown. */
export async function writeHtmlReport(
  file: string,
  report: RunReport,
  sources: { readonly s3: S3Client; readonly timeline: readonly InvocationSpan[] },
): Promise<number> {
  const page = renderPage(await collectPageData(report, sources.s3, sources.timeline));
  await writeFile(file, page);
  return Buffer.byteLength(page);
}
