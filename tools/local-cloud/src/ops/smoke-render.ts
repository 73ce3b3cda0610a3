/** The smoke test's report: one line per input, then its problems. */
import type { SmokeReport } from './smoke.js';

export function renderSmoke(report: SmokeReport): string {
  const lines = report.verdicts.flatMap((verdict) => [
    `${verdict.problems.length === 0 ? 'ok  ' : 'FAIL'} ${verdict.input.pipeline.padEnd(6)} ${verdict.input.key}: ${verdict.outcome?.kind ?? 'no outcome'}, ${verdict.outcome?.written.length ?? 0} output(s)`,
    ...verdict.problems.map((problem) => `       ${problem}`),
  ]);
  const removal = report.removalProblems.map((problem) => `FAIL removal: ${problem}`);
  return [...lines, ...removal, report.passed ? 'smoke test passed' : 'smoke test FAILED'].join('\n');
}
