/**
 * infra/README.md documents, per function, each S3 call it makes and the IAM action that allows it.
 * The table is generated from the calls the apps' suites observed under their roles, and every run
 * checks that nothing it observed is missing from it, so the document cannot drift from the code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@pipeline/lambda-packager/workspace-root';
import type { S3CallRow } from './s3-call-table.js';

export const S3_CALL_DOCS_BEGIN =
  '<!-- s3-calls:begin (generated: pnpm --filter @pipeline/testing s3-calls --write) -->';
export const S3_CALL_DOCS_END = '<!-- s3-calls:end -->';

/** The document holding the table. */
export function s3CallDocsPath(root: string = findWorkspaceRoot()): string {
  return join(root, 'infra', 'README.md');
}

function actionText(row: S3CallRow): string {
  return row.when === undefined ? `\`${row.action}\`` : `\`${row.action}\` (${row.when})`;
}

/** A row's identity in the document: the function, the call, the action and its resource. */
function rowKey(functionName: string, call: string, action: string, resource: string): string {
  return [functionName, call, action, resource].join(' | ');
}

/** The stable table (no counts: they change with every run), one row per function, call and action. */
function renderS3CallDocs(rows: readonly S3CallRow[]): string {
  const lines = [
    ...new Map(rows.map((r) => [rowKey(r.functionName, r.call, actionText(r), r.resource), r])).values(),
  ]
    .sort(
      (a, b) =>
        a.functionName.localeCompare(b.functionName) ||
        a.call.localeCompare(b.call) ||
        a.action.localeCompare(b.action) ||
        a.resource.localeCompare(b.resource),
    )
    .map(
      (r) =>
        `| ${r.functionName} | ${r.call} | ${actionText(r)} | \`${r.resource}\` | ${r.granted ? 'yes' : '**no**'} |`,
    );
  return [
    '| function | S3 call | IAM action | on | granted |',
    '| --- | --- | --- | --- | --- |',
    ...lines,
  ].join('\n');
}

/** The documented rows' identities, read from the section between the markers. */
function documentedRows(document: string): Set<string> {
  const start = document.indexOf(S3_CALL_DOCS_BEGIN);
  const end = document.indexOf(S3_CALL_DOCS_END);
  if (start < 0 || end < start) return new Set();
  const keys = document
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.startsWith('| function') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map(([, fn = '', call = '', action = '', resource = '']) =>
      rowKey(fn, call, action, resource.replace(/^`|`$/g, '')),
    );
  return new Set(keys);
}

/** The observed rows the document lacks (an empty list when it is complete for this run). */
export function undocumentedRows(rows: readonly S3CallRow[], document: string): S3CallRow[] {
  const documented = documentedRows(document);
  return rows.filter((r) => !documented.has(rowKey(r.functionName, r.call, actionText(r), r.resource)));
}

/** Writes the table between the markers (which must be there). */
export function writeS3CallDocs(rows: readonly S3CallRow[], path: string = s3CallDocsPath()): void {
  const document = readFileSync(path, 'utf8');
  const start = document.indexOf(S3_CALL_DOCS_BEGIN);
  const end = document.indexOf(S3_CALL_DOCS_END);
  if (start < 0 || end < start)
    throw new Error(`${path} has no ${S3_CALL_DOCS_BEGIN} ... ${S3_CALL_DOCS_END} section`);
  const table = renderS3CallDocs(rows);
  writeFileSync(
    path,
    `${document.slice(0, start + S3_CALL_DOCS_BEGIN.length)}\n\n${table}\n\n${document.slice(end)}`,
  );
}

/**
 * @throws {Error} naming every observed call the document lacks, and how to regenerate it.
 */
export function assertS3CallsDocumented(rows: readonly S3CallRow[], path: string = s3CallDocsPath()): void {
  const missing = undocumentedRows(rows, readFileSync(path, 'utf8'));
  if (missing.length === 0) return;
  const list = missing
    .map((r) => `  ${r.functionName}: ${r.call} needs ${actionText(r)} on ${r.resource}`)
    .join('\n');
  throw new Error(
    `${path} does not document ${missing.length} S3 call(s) this run made:\n${list}\n` +
      "Run the apps' tests, then `pnpm --filter @pipeline/testing s3-calls --write`, and review the grants.",
  );
}
