/**
 * The run report as one self-contained HTML page: inline CSS, a few lines of inline script (the row
 * filter), inline SVG charts and data: URI thumbnails. Its Content-Security-Policy allows nothing
 * else, so the page opens offline and never fetches.
 */
import { html, trusted, type Html } from './escape.js';
import type { PageData } from './page-data.js';
import { imagesSection } from './section-images.js';
import { etlSection, inputsSection, summarySection } from './sections.js';
import { costChart } from './svg-cost.js';
import { timelineChart } from './svg-timeline.js';

const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#c9d1d9}nav a{color:#9ecbff;margin-right:14px}
main{padding:0 24px 40px;max-width:1400px}section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 18px;margin:16px 0}
h2{margin:4px 0 10px;font-size:17px}h3{font-size:14px;margin:14px 0 6px;font-weight:600}
.figures{display:flex;flex-wrap:wrap;gap:10px}.figure{border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;min-width:120px}
.figure b{font-size:22px;margin-right:3px}.figure span{display:block;color:#57606a;font-size:12px}
.count-tables{display:flex;gap:28px;flex-wrap:wrap;margin-top:12px}.counts{min-width:180px}caption{white-space:nowrap}
table{border-collapse:collapse}caption{text-align:left;font-weight:600;padding:4px 0}
.counts th,.counts td{padding:2px 10px;text-align:left;border-bottom:1px solid #eaeef2}.counts td{text-align:right;font-variant-numeric:tabular-nums}
.counts tr.zero{color:#8c959f}.counts tr.zero .badge{opacity:.45}.counts tr.total{font-weight:600}
.rows{width:100%;font-size:13px}.rows th{background:#f6f8fa;text-align:left;position:sticky;top:0}
.rows th.num{text-align:right}.rows th,.rows td{padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.key{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.detail{max-width:480px;word-break:break-word}.problem{color:#cf222e}
.badge{display:inline-block;padding:0 7px;border-radius:10px;font-size:12px;background:#eaeef2;color:#24292f}
.badge.written{background:#dafbe1;color:#116329}.badge.rejected{background:#fff1e5;color:#953800}
.badge.failed,.badge.missing{background:#ffebe9;color:#a40e26}.badge.skipped,.badge.superseded{background:#ddf4ff;color:#0a3069}.badge.removed{background:#eaeef2;color:#424a53}
.note{color:#57606a;margin:4px 0}#filter{width:360px;padding:4px 8px;border:1px solid #d0d7de;border-radius:6px}
.sheet{border-top:1px solid #eaeef2;padding-top:4px}.variants{display:flex;flex-wrap:wrap;gap:12px}
.variant{margin:0;width:176px}.frame{width:176px;height:168px;display:flex;align-items:center;justify-content:center;
background-color:#fff;background-image:linear-gradient(45deg,#eee 25%,transparent 25%,transparent 75%,#eee 75%),linear-gradient(45deg,#eee 25%,transparent 25%,transparent 75%,#eee 75%);
background-size:16px 16px;background-position:0 0,8px 8px;border:1px solid #d0d7de;border-radius:4px}
.variant figcaption{font-size:12px;color:#57606a;margin-top:3px;word-break:break-all}.variant figcaption b{color:#1f2328;font-weight:600}
.no-thumb{font-size:12px;color:#a40e26;padding:8px}.rowcounts span{margin-right:18px}
.bad{color:#a40e26;font-weight:600}.tables{margin-bottom:8px}.quarantine code{font-size:12px;white-space:pre-wrap;word-break:break-all}
.chart{max-width:100%;height:auto;font-size:11px;fill:#1f2328}.chart .label{font-size:12px;font-weight:600}.chart .grid{stroke:#eaeef2}
.chart .lane{fill:#57606a}.legend{margin:4px 0 6px}.key i{display:inline-block;width:11px;height:11px;margin:0 4px 0 10px;vertical-align:-1px}
.muted{color:#57606a;font-size:12px}footer{color:#57606a;font-size:12px;padding:0 24px 24px}
`;

const SCRIPT = `
(function(){var f=document.getElementById('filter');if(!f)return;var rows=document.querySelectorAll('table.rows[data-rows-shown] tbody tr');
f.addEventListener('input',function(){var q=f.value.toLowerCase();for(var i=0;i<rows.length;i++){var r=rows[i];r.hidden=q!==''&&r.textContent.toLowerCase().indexOf(q)<0;}});})();
`;

function chartsSections(data: PageData): Html {
  const timeline = timelineChart(data.timeline, data.caps.timelineSteps);
  const cost = data.cost === undefined ? undefined : costChart(data.cost);
  return html`<section id="timeline">
      <h2>Invocations over time</h2>
      ${
        timeline ??
        html`<p class="note">No invocation was recorded (the emulator ran the functions itself).</p>`
      }
    </section>
    <section id="cost">
      <h2>Cost per million inputs like these</h2>
      ${
        data.cost === undefined
          ? html`<p class="note">Not measured.</p>`
          : (cost ?? html`<p class="note">No invocation was measured.</p>`)
      }${data.costSource === undefined ? '' : html`<p class="note">USD per million inputs at the deployed memory, and a month of their outputs in S3 Standard; prices: ${data.costSource}. <code>--cost</code> prints the table.</p>`}
    </section>`;
}

function capsFooter(data: PageData): Html {
  const c = data.caps;
  return html`<footer>
    What the page shows at most (the JSON report, <code>--json</code>, holds everything): ${c.tableRows} input
    rows; contact sheets of ${c.imageSheets} images, ${c.variantsPerImage} variants each, as ${c.thumbnailBox}
    px WebP thumbnails; ${c.etlInputs} CSV tables, the quarantined rows of ${c.quarantineInputs} of them
    (${c.quarantineRows} rows each); the timeline in ${c.timelineSteps} steps.
  </footer>`;
}

/** The whole page. */
export function renderPage(data: PageData, generatedAt: Date = new Date()): string {
  const sections = [
    summarySection(data),
    chartsSections(data),
    imagesSection(data),
    etlSection(data),
    inputsSection(data),
  ];
  const nav = [
    ['summary', 'Summary'],
    ['timeline', 'Timeline'],
    ['cost', 'Cost'],
    ...(data.images.total > 0 ? [['images', 'Images']] : []),
    ...(data.etl.total > 0 ? [['tables', 'Tables']] : []),
    ['inputs', 'Inputs'],
  ].map(([id, label]) => html`<a href="#${id ?? ''}">${label ?? ''}</a>`);
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${CSP}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Run report: ${data.rows.total} inputs</title>
        <style>
          ${trusted(STYLE)}
        </style>
      </head>
      <body>
        <header>
          <h1>Run report</h1>
          <p>
            ${data.rows.total} inputs, ${data.figures.invocations} invocations; generated
            ${generatedAt.toISOString()}
          </p>
          <nav>${nav}</nav>
        </header>
        <main>${sections.map((s) => s ?? '')}</main>
        ${capsFooter(data)}
        <script>
          ${trusted(SCRIPT)};
        </script>
      </body>
    </html> `;
  return page.text;
}
