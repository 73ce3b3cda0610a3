import { OUTCOME_KINDS, type OutcomeKind } from '@pipeline/lambda-kit';
import type { CostReport } from '../cost/cost-report.js';
import type { DeliveryResult } from '../run/event-delivery.js';
import type { InputVerdict } from '../verify/verify.js';
import { renderResult, resultObject, type QueryResult } from '../query/query-result.js';
import { renderColumns } from './columns.js';

/** What a run measured. */
export interface RunFigures {
  readonly wallMs: number;
  readonly deliveries: number;
  /** Second uploads of a key made by `--chaos`. */
  readonly reuploads: number;
  /** Keys `--chaos` deleted once their events had ended, and those it uploaded again after. */
  readonly removals?: { readonly deleted: number; readonly restored: number };
  /** Invocation attempts, retries included. */
  readonly invocations: number;
  readonly invocationsPerSecond: number;
  /** New execution environments, per function. */
  readonly coldStarts: Readonly<Record<string, number>>;
  /** Environments that timed out or crashed mid-invocation and were replaced. */
  readonly environmentsReplaced: number;
  /** The functions' S3 requests, by operation (counted at their front door). */
  readonly functionS3Requests: Readonly<Record<string, number>>;
  /** The runner's own S3 requests (uploads, checks), by command. */
  readonly runnerS3Requests: Readonly<Record<string, number>>;
  /** Peak resident memory of the runner's own process, and of its functions' environments together. */
  readonly peakRssBytes: { readonly runner: number; readonly functions: number };
}

/** Every delivery, every input's verdict (its current version, checked against S3), and the figures. */
export interface RunReport {
  readonly results: readonly DeliveryResult[];
  readonly inputs: readonly InputVerdict[];
  readonly figures: RunFigures;
  /** `--cost` / `--budget`: the cost table's figures, the raw measures and the invocations over budget. */
  readonly cost?: CostReport;
  /** After the demo set: the demo query over the curated data (query/demo-query.ts). */
  readonly demoQuery?: QueryResult;
}

/** Inputs listed one by one in the table up to this many; beyond, only those that need a look. */
const TABLE_ROWS_UP_TO = 200;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Inputs that did not end well: failed, without an outcome, or with a failed check. */
export function unsettled(report: RunReport): InputVerdict[] {
  return report.inputs.filter(
    (v) => v.outcome === 'failed' || v.outcome === 'missing' || v.problems.length > 0,
  );
}

function row(verdict: InputVerdict): string[] {
  const bytes = verdict.outputs.reduce((sum, o) => sum + o.bytes, 0);
  const detail =
    verdict.problems.length > 0 ? `${verdict.detail}; ${verdict.problems[0]?.check}` : verdict.detail;
  return [
    `s3://${verdict.bucket}/${verdict.key}`,
    verdict.pipeline,
    verdict.outcome,
    detail.length > 60 ? `${detail.slice(0, 57)}...` : detail,
    String(verdict.outputs.length),
    verdict.outputs.length > 0 ? formatBytes(bytes) : '-',
    String(verdict.deliveries),
    verdict.catalog === undefined ? '-' : verdict.catalog.kind,
  ];
}

function count<T extends string>(kinds: readonly T[], values: readonly T[]): Record<T, number> {
  const counts = Object.fromEntries(kinds.map((kind) => [kind, 0])) as Record<T, number>;
  for (const value of values) counts[value] += 1;
  return counts;
}

/** Inputs by their current version's outcome (and `missing`); deliveries by theirs. */
export function totals(report: RunReport): {
  inputs: Record<OutcomeKind | 'missing', number>;
  deliveries: Record<OutcomeKind, number>;
  problems: number;
} {
  return {
    inputs: count(
      [...OUTCOME_KINDS, 'missing'],
      report.inputs.map((v) => v.outcome),
    ),
    deliveries: count(
      OUTCOME_KINDS,
      report.results.map((r) => r.outcome),
    ),
    problems: report.inputs.reduce((sum, v) => sum + v.problems.length, 0),
  };
}

function figuresLine(f: RunFigures): string {
  const cold = Object.entries(f.coldStarts)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const { runner, functions } = f.peakRssBytes;
  return (
    `${f.invocations} invocations in ${(f.wallMs / 1000).toFixed(1)} s (${f.invocationsPerSecond}/s); ` +
    `cold starts: ${cold || 'none'}; environments replaced: ${f.environmentsReplaced}` +
    (runner > 0
      ? `; peak RSS: runner ${formatBytes(runner)}, functions' environments ${formatBytes(functions)}`
      : '')
  );
}

/** The human table printed at the end of a run, then what needs a look, the totals and the figures. */
export function renderTable(report: RunReport): string {
  const header = ['input', 'pipeline', 'outcome', 'detail', 'outputs', 'bytes', 'events', 'item'];
  const listed = report.inputs.length <= TABLE_ROWS_UP_TO ? report.inputs : unsettled(report);
  const rows = [...listed]
    .sort((a, b) => a.key.localeCompare(b.key) || a.pipeline.localeCompare(b.pipeline))
    .map(row);
  const t = totals(report);
  const kinds = (counts: Record<string, number>): string =>
    Object.entries(counts)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
  const problems = unsettled(report).flatMap((v) =>
    v.problems.map((p) => `  ${p.check}: ${v.pipeline} s3://${v.bucket}/${v.key}: ${p.detail}`),
  );
  return [
    ...(listed.length < report.inputs.length
      ? [`${report.inputs.length - listed.length} input(s) that ended well are not listed`]
      : []),
    renderColumns(header, rows),
    '',
    ...(problems.length > 0 ? ['checks that failed:', ...problems, ''] : []),
    `inputs: ${kinds(t.inputs)}`,
    `events: ${kinds(t.deliveries)}`,
    figuresLine(report.figures),
    ...(report.demoQuery === undefined
      ? []
      : [
          '',
          `the curated demo data, as pnpm query answers it: ${report.demoQuery.sql}`,
          renderResult(report.demoQuery),
        ]),
  ].join('\n');
}

/** The same report as JSON (`--json`). */
export function renderJson(report: RunReport): string {
  return JSON.stringify(
    {
      inputs: report.inputs.map((v) => ({ ...v, input: `s3://${v.bucket}/${v.key}` })),
      deliveries: report.results,
      totals: totals(report),
      unsettled: unsettled(report).map((v) => ({
        input: `s3://${v.bucket}/${v.key}`,
        pipeline: v.pipeline,
        outcome: v.outcome,
        problems: v.problems,
      })),
      figures: report.figures,
      ...(report.cost === undefined ? {} : { cost: report.cost }),
      ...(report.demoQuery === undefined ? {} : { demoQuery: resultObject(report.demoQuery) }),
    },
    null,
    2,
  );
}
