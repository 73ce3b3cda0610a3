/**
 * `pnpm start -- --cost` and `--budget`: the per-pipeline cost table and the budget gate, from the
 * invocations a run measured (measures.ts) and each function's deployed shape. The raw measures
 * travel with the report (in `--json`), so every figure can be recomputed from them.
 */
import { renderColumns } from '../report/columns.js';
import { budgetViolations, type BudgetViolation } from './budget.js';
import { pipelineCost, type FunctionShape, type InvocationMeasure, type PipelineCost } from './model.js';
import type { Prices } from './prices.js';
import { rightSize, type SizeRecommendation } from './right-size.js';
import type { RunMeasures } from './measures.js';

/** The model, as the table states it. */
const MODEL_STATEMENT =
  'duration on Lambda = wait time (wall - CPU, at least 0) + CPU time / vCPU share (memory / 1,769 MB, at most 6), ' +
  'billed per ms at the memory size; S3 requests from the outcome records at the PUT or GET rate; ' +
  'object catalog: one DynamoDB write per outcome record that says what the catalog did, 1 write request unit per started KB of its item; ' +
  "storage: a month of the outputs' bytes in S3 Standard; free tiers not subtracted";

/** A deployed function the table prices. */
export interface PricedFunction {
  readonly pipeline: string;
  readonly functionName: string;
  readonly shape: FunctionShape;
}

interface CostRow extends PricedFunction {
  readonly cost: PipelineCost;
  readonly recommended: SizeRecommendation;
  /** Every measured invocation (the raw input of the figures). */
  readonly measures: readonly InvocationMeasure[];
}

export interface CostReport {
  readonly prices: Prices;
  readonly model: string;
  readonly rows: readonly CostRow[];
  /** Invocations over 80% of the deployed memory or timeout (and any that timed out). */
  readonly overBudget: readonly BudgetViolation[];
}

/** Prices every function that was invoked, and checks every invocation against its budget. */
export function costReport(
  measures: RunMeasures,
  functions: readonly PricedFunction[],
  prices: Prices,
): CostReport {
  const rows: CostRow[] = [];
  const overBudget: BudgetViolation[] = [];
  for (const fn of functions) {
    const own = measures.of(fn.functionName);
    overBudget.push(...budgetViolations(fn.functionName, own, fn.shape));
    if (own.length === 0) continue;
    rows.push({
      ...fn,
      cost: pipelineCost(own, fn.shape, prices),
      recommended: rightSize(own, fn.shape, prices),
      measures: own,
    });
  }
  for (const t of measures.timedOut())
    overBudget.push({
      functionName: t.functionName,
      input: t.input,
      what: 'duration',
      message: `${t.functionName} on ${t.input}: timed out at its ${t.timeoutSeconds} s timeout`,
    });
  return { prices, model: MODEL_STATEMENT, rows, overBudget };
}

function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

function recommendation(r: SizeRecommendation): string {
  return r.memoryMb === undefined
    ? `none fits (${r.reason})`
    : `${r.memoryMb} MB (${usd(r.perMillion ?? 0)})`;
}

function cells(row: CostRow): string[] {
  const { cost } = row;
  return [
    row.pipeline,
    row.functionName,
    String(cost.invocations),
    `${row.shape.memoryMb} MB ${row.shape.architecture}`,
    String(cost.p99DurationMs),
    String(Math.round(cost.peakRssMb)),
    cost.gbSecondsPerInvocation.toFixed(4),
    usd(cost.perMillion.lambda),
    usd(cost.perMillion.s3Requests),
    cost.writeUnitsPerInvocation.toFixed(2),
    usd(cost.perMillion.dynamodb),
    usd(cost.perMillion.total),
    usd(cost.storagePerMillionPerMonth),
    recommendation(row.recommended),
  ];
}

const HEADER = [
  'pipeline',
  'function',
  'invocations',
  'memory',
  'p99 ms',
  'peak MB',
  'GB-s/inv',
  'Lambda $/M',
  'S3 req $/M',
  'WRU/inv',
  'DynamoDB $/M',
  'total $/M',
  'storage $/M/mo',
  'cheapest memory keeping 20% headroom ($/M)',
];

/** The cost table: one row per pipeline, then the model and the prices' date and source. */
export function renderCostTable(report: CostReport): string {
  return [
    'cost per million inputs like these, at the deployed memory ($/M: USD per million inputs)',
    renderColumns(HEADER, report.rows.map(cells)),
    `model: ${report.model}`,
    `prices: ${report.prices.source}, as of ${report.prices.asOf}; DynamoDB: ${report.prices.dynamodb.source}, as of ${report.prices.dynamodb.asOf}`,
  ].join('\n');
}
