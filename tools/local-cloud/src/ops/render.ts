/** The tables and summary lines the operations commands print. */
import { renderColumns } from '../report/columns.js';
import type { RedriveRow } from './redrive.js';
import type { ReprocessSummary } from './reprocess.js';

/** Long error messages cut to fit a terminal line (the first words say what failed). */
function cut(text: string, width = 70): string {
  return text.length > width ? `${text.slice(0, width - 3)}...` : text;
}

export function renderRedrive(rows: readonly RedriveRow[], dryRun: boolean): string {
  if (rows.length === 0) return 'the failure queue holds no message';
  const count = (result: RedriveRow['result']): number => rows.filter((r) => r.result === result).length;
  const summary = dryRun
    ? `${rows.length} message(s) would be redriven`
    : `${rows.length} message(s): ${count('redriven')} redriven and deleted, ${count('failed again')} failed again (kept in the queue), ${count('unreadable')} without an event (kept)`;
  return [
    renderColumns(
      ['message', 'input', 'originally', 'result', 'detail'],
      rows.map((r) => [r.messageId, r.inputs, cut(r.originally), r.result, cut(r.detail)]),
    ),
    '',
    summary,
  ].join('\n');
}

export function renderReprocess(summary: ReprocessSummary, dryRun: boolean): string {
  const outcomes = Object.entries(summary.outcomes)
    .map(([outcome, n]) => `${n} ${outcome}`)
    .join('; ');
  return [
    summary.resumedAfter === undefined
      ? undefined
      : `resumed after ${summary.resumedAfter} (${summary.deliveredBefore} delivered before)`,
    `listed ${summary.listed}; ${dryRun ? 'would deliver' : 'delivered'} ${summary.delivered}; older than --since ${summary.olderThanSince}; gone before their turn ${summary.gone}`,
    outcomes === '' ? undefined : `outcomes: ${outcomes}`,
    summary.interrupted ? 'interrupted: run the same command again to continue after the cursor' : undefined,
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}
