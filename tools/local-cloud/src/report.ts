import { OUTCOME_KINDS, type OutcomeKind } from '@pipeline/lambda-kit';
import type { DeliveryResult } from './event-delivery.js';

/** One line per input and pipeline; inputs that never reached an outcome are listed as missing. */
export interface RunReport {
  readonly results: readonly DeliveryResult[];
  readonly missing: readonly { readonly bucket: string; readonly key: string; readonly pipeline: string }[];
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function row(result: DeliveryResult): string[] {
  const bytes = result.outputs.reduce((sum, o) => sum + (o.bytes ?? 0), 0);
  const known = result.outputs.some((o) => o.bytes !== undefined);
  const detail =
    result.outcome === 'written'
      ? result.detail
      : `${result.detail}${result.code !== undefined && !result.detail.includes(result.code) ? ` (${result.code})` : ''}`;
  return [
    `s3://${result.bucket}/${result.key}`,
    result.pipeline,
    result.outcome,
    detail.length > 60 ? `${detail.slice(0, 57)}...` : detail,
    String(result.outputs.length),
    known ? formatBytes(bytes) : '-',
    `${result.durationMs} ms`,
  ];
}

/** How many inputs reached each outcome kind, and how many none. */
function totals(report: RunReport): Record<OutcomeKind | 'missing', number> {
  const counts = Object.fromEntries(OUTCOME_KINDS.map((kind) => [kind, 0])) as Record<OutcomeKind, number>;
  for (const result of report.results) counts[result.outcome] += 1;
  return { ...counts, missing: report.missing.length };
}

/** The human table printed at the end of a run. */
export function renderTable(report: RunReport): string {
  const header = ['input', 'pipeline', 'outcome', 'detail', 'outputs', 'bytes', 'duration'];
  const sorted = [...report.results].sort(
    (a, b) => a.key.localeCompare(b.key) || a.pipeline.localeCompare(b.pipeline),
  );
  const rows = [
    ...sorted.map(row),
    ...report.missing.map((m) => [
      `s3://${m.bucket}/${m.key}`,
      m.pipeline,
      'MISSING',
      'no outcome within the timeout',
      '-',
      '-',
      '-',
    ]),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const counts = Object.entries(totals(report)).map(([outcome, count]) => `${count} ${outcome}`);
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    counts.join(', '),
  ].join('\n');
}

/** The same report as JSON (`--json`). */
export function renderJson(report: RunReport): string {
  return JSON.stringify(
    {
      results: report.results.map((r) => ({ ...r, input: `s3://${r.bucket}/${r.key}` })),
      missing: report.missing,
      totals: totals(report),
    },
    null,
    2,
  );
}
