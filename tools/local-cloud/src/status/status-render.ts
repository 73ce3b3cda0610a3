/** `pnpm status`'s output: a key's catalog items as a table, or as JSON (alone on stdout). */
import type { CatalogItem } from '@pipeline/lambda-kit';

export interface StatusReport {
  readonly sourceUri: string;
  readonly table: string;
  readonly items: readonly CatalogItem[];
}

/** What the item says beyond its kind: the rejection's or failure's code, the skip reason, etl's rows. */
function detail(item: CatalogItem): string {
  const parts: string[] = [];
  if (item.code !== undefined) parts.push(item.code);
  if (item.reason !== undefined) parts.push(item.reason);
  if (item.rows !== undefined)
    parts.push(`rows ${item.rows.read} read, ${item.rows.written} written, ${item.rows.rejected} rejected`);
  return parts.join('; ');
}

function outputsOf(item: CatalogItem): string[] {
  const listed = item.outputs.map((o) => `  s3://${o.bucket}/${o.key} (${o.bytes} B)`);
  const unlisted = item.outputCount - item.outputs.length;
  if (unlisted > 0)
    listed.push(`  ... ${unlisted} more${item.manifest === undefined ? '' : ` in ${item.manifest}`}`);
  return listed;
}

export function renderStatusTable(report: StatusReport): string {
  if (report.items.length === 0) return `${report.sourceUri}: no item in ${report.table}`;
  const header = ['pipeline', 'kind', 'version', 'outputs', 'at', 'detail'];
  const rows = report.items.map((item) => [
    item.pipeline,
    item.kind,
    item.source.versionId ?? '-',
    String(item.outputCount),
    item.at,
    detail(item),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  const lines = [`${report.sourceUri} in ${report.table}`, line(header), ...rows.map(line)];
  for (const item of report.items.filter((i) => i.outputs.length > 0))
    lines.push('', `${item.pipeline} outputs:`, ...outputsOf(item));
  return lines.join('\n');
}

export function renderStatusJson(report: StatusReport): string {
  return JSON.stringify(report, null, 2);
}
