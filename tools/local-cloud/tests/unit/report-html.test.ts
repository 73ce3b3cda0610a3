/**
 * `--report FILE`: the run report as one HTML page, from a small real run (report-run.ts: the resize
 * and etl zips in the runner's warm environments, outcome records, verdicts checked against S3) and,
 * for the caps, the same run's records repeated to 10,000 inputs. Where Debian's chromium is
 * installed, the page is opened in it headless: every image decoded, no console error, no request
 * leaving the page, the counts on the page equal to the JSON report's, and a screenshot written to
 * test-output/report-html/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanupTestBuckets, testS3Client } from '@pipeline/testing';
import { renderJson, type RunReport } from '../../src/report/report.js';
import type { InvocationSpan } from '../../src/report/html/invocation-timeline.js';
import { writeHtmlReport } from '../../src/report/html/write-report.js';
import { CHROMIUM, openInChromium, pageCounts, reportCounts } from '../support/report-browser.js';
import { MARKUP_KEY, reportRun, type ReportRun } from '../support/report-run.js';

const OUT = join(__dirname, '..', '..', 'test-output', 'report-html');
const s3 = testS3Client();
let run: ReportRun;
let smallPage: string;
let bigPage: string;
let big: RunReport;

/** The run's inputs repeated to `count` (keys made unique), and a timeline of two attempts each. */
function scaled(report: RunReport, count: number): { report: RunReport; timeline: InvocationSpan[] } {
  const inputs = Array.from({ length: count }, (_, i) => {
    const v = report.inputs[i % report.inputs.length];
    if (v === undefined) throw new Error('the run has no inputs');
    return { ...v, key: `${v.key.replace(/\.(\w+)$/, '')}-${i}.${v.key.split('.').pop() ?? ''}` };
  });
  const timeline = inputs.flatMap((v, i): InvocationSpan[] => [
    {
      pipeline: v.pipeline,
      startMs: i * 60,
      endMs: i * 60 + 900,
      coldStart: i < 4,
      attempt: 0,
      ok: i % 97 !== 0,
    },
    ...(i % 97 === 0
      ? [
          {
            pipeline: v.pipeline,
            startMs: i * 60 + 1000,
            endMs: i * 60 + 1500,
            coldStart: false,
            attempt: 1,
            ok: true,
          },
        ]
      : []),
  ]);
  return {
    report: { ...report, inputs, figures: { ...report.figures, invocations: timeline.length } },
    timeline,
  };
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  run = await reportRun(s3);
  const small = join(OUT, 'run-report.html');
  await writeHtmlReport(small, run.report, { s3, timeline: run.timeline });
  smallPage = small;
  const scaledRun = scaled(run.report, 10_000);
  big = scaledRun.report;
  bigPage = join(OUT, 'run-report-10000.html');
  await writeHtmlReport(bigPage, big, { s3, timeline: scaledRun.timeline });
}, 240_000);
afterAll(async () => {
  await run?.cleanup();
  await cleanupTestBuckets(s3);
});

describe('the HTML run report', () => {
  it('comes from a real run: variants written, the corrupt image rejected, bad rows quarantined', () => {
    const byKey = new Map(run.report.inputs.map((v) => [v.key, v]));
    expect(byKey.get('uploads/landscape 1200x800.jpg')?.outcome).toBe('written');
    expect(byKey.get(MARKUP_KEY)?.outcome).toBe('written');
    expect(byKey.get('uploads/corrupt.jpg')?.outcome).toBe('rejected');
    const orders = byKey.get('raw/orders/orders-2026-11.csv');
    expect(orders?.measures).toMatchObject({ rowsRead: 40, rowsWritten: 37, rowsRejected: 3 });
    expect(run.report.inputs.flatMap((v) => v.problems)).toEqual([]);
  });

  it('is one file that fetches nothing, and shows every key as text', async () => {
    const text = await readFile(smallPage, 'utf8');
    expect(text).toContain('default-src &#39;none&#39;; img-src data:;');
    expect(text).not.toMatch(/(src|href)="(https?:|\/\/)/);
    expect(text).not.toContain('<img src=x');
    expect(text).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;co&#39;.png');
    // One script, the page's own filter: nothing from a key became markup.
    expect(text.match(/<script>/g)).toHaveLength(1);
  });

  it('stays small at 10,000 inputs: capped rows and contact sheets, the caps stated', async () => {
    const text = await readFile(bigPage, 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThan(4 * 1024 * 1024);
    expect(text).toContain('data-rows-shown="1000" data-rows-total="10000"');
    expect(text.match(/<div class="sheet">/g)?.length).toBe(24);
    expect(text).toContain('Showing 1000 of 10000 inputs');
  });
});

const browser = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM))
  console.log(
    `the HTML report's browser checks are skipped: no chromium at ${CHROMIUM} (apt-get install chromium)`,
  );

browser('the HTML run report in headless chromium', () => {
  it.each([
    ['the small run', () => smallPage, () => run.report, 'run-report.png'],
    ['10,000 inputs', () => bigPage, () => big, 'run-report-10000.png'],
  ])(
    '%s: images decoded, no console error, no request, counts equal the JSON report',
    async (_, page, report, shot) => {
      const seen = await openInChromium(page(), join(OUT, shot));
      expect(seen.consoleErrors).toEqual([]);
      expect(seen.requests).toEqual([]);
      expect(seen.images.length).toBeGreaterThan(0);
      expect(seen.images.filter((i) => i.naturalWidth === 0)).toEqual([]);
      expect(pageCounts(seen.counts)).toEqual(
        reportCounts(JSON.parse(renderJson(report())) as Parameters<typeof reportCounts>[0]),
      );
      expect(existsSync(join(OUT, shot))).toBe(true);
    },
    120_000,
  );
});
