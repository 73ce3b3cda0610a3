import type { ObservedS3Call, S3CallResult } from './s3-call-record.js';

/** One line of the per-function table: an S3 call, one permission it needs, and what was seen. */
export interface S3CallRow {
  readonly functionName: string;
  /** `HeadObject`, or `HeadObject (VersionId)` when the call named a version. */
  readonly call: string;
  readonly action: string;
  /** As the stack names it: `processed/copies/*`, `processed, s3:prefix copies/…`. */
  readonly resource: string;
  readonly when?: string;
  /** Whether the synthesized policy grants it (false in any observation makes it false). */
  readonly granted: boolean;
  readonly answers: Readonly<Partial<Record<S3CallResult, number>>>;
}

const ANSWER_NAMES: Readonly<Record<S3CallResult, string>> = {
  ok: 'ok',
  'not-found': 'not found',
  denied: 'AccessDenied',
  error: 'other error',
};

/** Folds observed calls into table rows, one per function, call, action and resource. */
export function summarizeS3Calls(calls: readonly ObservedS3Call[]): S3CallRow[] {
  const rows = new Map<string, S3CallRow>();
  for (const observed of calls) {
    const call = observed.variant === undefined ? observed.call : `${observed.call} (${observed.variant})`;
    for (const permission of observed.permissions) {
      const key = [
        observed.functionName,
        call,
        permission.action,
        permission.resource,
        permission.when ?? '',
      ].join('\u0000');
      const row = rows.get(key);
      const answers = { ...row?.answers, [observed.result]: (row?.answers[observed.result] ?? 0) + 1 };
      rows.set(key, {
        functionName: observed.functionName,
        call,
        action: permission.action,
        resource: permission.resource,
        ...(permission.when === undefined ? {} : { when: permission.when }),
        granted: (row?.granted ?? true) && permission.granted,
        answers,
      });
    }
  }
  return [...rows.values()].sort(
    (a, b) =>
      a.functionName.localeCompare(b.functionName) ||
      a.call.localeCompare(b.call) ||
      a.action.localeCompare(b.action) ||
      a.resource.localeCompare(b.resource),
  );
}

function answersText(answers: S3CallRow['answers']): string {
  return (Object.keys(ANSWER_NAMES) as S3CallResult[])
    .filter((result) => (answers[result] ?? 0) > 0)
    .map((result) => `${answers[result]} ${ANSWER_NAMES[result]}`)
    .join(', ');
}

/**
 * The rows as Markdown, one table per function: "S3 call -> IAM action" as observed in the test runs,
 * to compare with the grants infra documents (infra/README.md).
 */
export function renderS3CallTable(rows: readonly S3CallRow[]): string {
  const functions = [...new Set(rows.map((row) => row.functionName))];
  return functions
    .map((functionName) => {
      const lines = rows
        .filter((row) => row.functionName === functionName)
        .map((row) => {
          const action = row.when === undefined ? `\`${row.action}\`` : `\`${row.action}\` (${row.when})`;
          return `| ${row.call} | ${action} | \`${row.resource}\` | ${row.granted ? 'yes' : '**no**'} | ${answersText(row.answers)} |`;
        });
      return [
        `#### ${functionName}`,
        '',
        '| S3 call | IAM action | on | granted | answers in the tests |',
        '| --- | --- | --- | --- | --- |',
        ...lines,
      ].join('\n');
    })
    .join('\n\n');
}
