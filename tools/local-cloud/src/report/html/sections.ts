/** The page's sections, each from its part of the page data; every value goes through the `html` tag. */
import type { InputVerdict } from '../../verify/verify.js';
import { html, type Html } from './escape.js';
import type { EtlInput, PageData } from './page-data.js';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export const inputName = (v: Pick<InputVerdict, 'bucket' | 'key'>): string => `s3://${v.bucket}/${v.key}`;
export const badge = (outcome: string): Html => html`<span class="badge ${outcome}">${outcome}</span>`;

function countTable(
  title: string,
  prefix: string,
  counts: Readonly<Record<string, number>>,
  total: number,
): Html {
  const cells = Object.entries(counts).map(
    ([kind, n]) =>
      html`<tr class="${n === 0 ? 'zero' : ''}">
        <th>${badge(kind)}</th>
        <td data-count="${prefix}.${kind}">${n}</td>
      </tr>`,
  );
  return html`<table class="counts">
    <caption>
      ${title}
    </caption>
    ${cells}
    <tr class="total">
      <th>all</th>
      <td data-count="${prefix}.total">${total}</td>
    </tr>
  </table>`;
}

/** Inputs by outcome, events by outcome, and the run's figures. */
export function summarySection(data: PageData): Html {
  const f = data.figures;
  const inputsTotal = Object.values(data.totals.inputs).reduce((a, b) => a + b, 0);
  const coldStarts = Object.values(f.coldStarts).reduce((a, b) => a + b, 0);
  const figure = (label: string, name: string, value: number, unit = ''): Html =>
    html`<div class="figure"><b data-count="${name}">${value}</b>${unit}<span>${label}</span></div>`;
  return html`<section id="summary">
    <h2>Summary</h2>
    <div class="figures">
      ${figure('invocations (retries included)', 'invocations', f.invocations)}
      ${figure('cold starts', 'coldStarts', coldStarts)}
      ${figure('environments replaced', 'environmentsReplaced', f.environmentsReplaced)}
      ${figure('checks that failed', 'problems', data.totals.problems)}
      ${figure('second uploads (chaos)', 'reuploads', f.reuploads)}
      <div class="figure">
        <b>${(f.wallMs / 1000).toFixed(1)}</b> s<span
          >wall time (${f.invocationsPerSecond} invocations/s)</span
        >
      </div>
    </div>
    <div class="count-tables">
      ${countTable('inputs by outcome', 'inputs', data.totals.inputs, inputsTotal)}
      ${countTable('events by outcome', 'deliveries', data.totals.deliveries, f.deliveries)}
    </div>
  </section>`;
}

function detailOf(v: InputVerdict): Html {
  const problems = v.problems.map((p) => html`<div class="problem">${p.check}: ${p.detail}</div>`);
  return html`${v.detail}${problems}`;
}

/** One row per input (capped), those that need a look first. */
export function inputsSection(data: PageData): Html {
  const { items, total } = data.rows;
  const note =
    items.length < total
      ? html`<p class="note">
          Showing ${items.length} of ${total} inputs (the cap is ${data.caps.tableRows}): every input that
          needs a look first, then the rest by key. <code>--json</code> lists them all.
        </p>`
      : html`<p class="note">${total} inputs, those that need a look first.</p>`;
  const rows = items.map((v) => {
    const bytes = v.outputs.reduce((sum, o) => sum + o.bytes, 0);
    return html`<tr data-outcome="${v.outcome}">
      <td class="key">${inputName(v)}</td>
      <td>${v.pipeline}</td>
      <td>${badge(v.outcome)}</td>
      <td class="detail">${detailOf(v)}</td>
      <td class="num">${v.outputs.length}</td>
      <td class="num">${v.outputs.length > 0 ? formatBytes(bytes) : '-'}</td>
      <td class="num">${v.deliveries}</td>
    </tr>`;
  });
  return html`<section id="inputs">
    <h2>Inputs</h2>
    ${note}
    <p>
      <input
        id="filter"
        type="search"
        placeholder="filter rows (key, pipeline, outcome, reason)"
        aria-label="filter rows"
      />
    </p>
    <table class="rows" data-rows-shown="${items.length}" data-rows-total="${total}">
      <thead>
        <tr>
          <th>input</th>
          <th>pipeline</th>
          <th>outcome</th>
          <th>reason / detail</th>
          <th class="num">outputs</th>
          <th class="num">bytes</th>
          <th class="num">events</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </section>`;
}

function quarantineTable(e: EtlInput): Html {
  if (e.quarantineError !== undefined)
    return html`<p class="note">
      quarantine file of ${inputName(e.verdict)} not read: ${e.quarantineError}
    </p>`;
  if (e.quarantined === undefined || e.quarantined.length === 0) return html``;
  const rows = e.quarantined.map(
    (r) =>
      html`<tr>
        <td class="num">${r.line}</td>
        <td>${r.reason}</td>
        <td>${r.column}</td>
        <td>${r.message}</td>
        <td><code>${r.record}</code></td>
      </tr>`,
  );
  return html`<h3><span class="key">${inputName(e.verdict)}</span>: first quarantined rows</h3>
    <table class="rows quarantine">
      <caption class="muted">
        from
        s3://${e.verdict.outputs.find((o) => o.key === e.quarantineKey)?.bucket ?? ''}/${e.quarantineKey ?? ''}
      </caption>
      <thead>
        <tr>
          <th>line</th>
          <th>reason</th>
          <th>column</th>
          <th>message</th>
          <th>record</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`;
}

const num = (n: number | undefined): string => (n === undefined ? '-' : String(n));

/** Rows read, written and rejected per CSV table (capped), then the first quarantined rows of those that have some. */
export function etlSection(data: PageData): Html | undefined {
  const { items, total } = data.etl;
  if (total === 0) return undefined;
  const c = data.caps;
  const note = html`<p class="note">
    ${items.length < total ? `${items.length} of ${total} tables shown (the cap is ${c.etlInputs}), ` : `${total} table(s), `}those
    with quarantined rows first; the first ${c.quarantineRows} quarantined rows of up to ${c.quarantineInputs}
    tables, read from the quarantine file etl wrote.
  </p>`;
  const rows = items.map(
    (e) =>
      html`<tr>
        <td class="key">${inputName(e.verdict)}</td>
        <td>${badge(e.verdict.outcome)}</td>
        <td class="num">${num(e.rowsRead)}</td>
        <td class="num">${num(e.rowsWritten)}</td>
        <td class="num${(e.rowsRejected ?? 0) > 0 ? ' bad' : ''}">${num(e.rowsRejected)}</td>
      </tr>`,
  );
  return html`<section id="tables">
    <h2>Tables (CSV)</h2>
    ${note}
    <table class="rows tables">
      <thead>
        <tr>
          <th>input</th>
          <th>outcome</th>
          <th class="num">rows read</th>
          <th class="num">written</th>
          <th class="num">rejected</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    ${items.map(quarantineTable)}
  </section>`;
}
