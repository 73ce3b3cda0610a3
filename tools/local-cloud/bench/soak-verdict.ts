/** Whether a soak run passed, from pnpm start's JSON report: light, so that it is tested on its own. */

/** The parts of pnpm start's `--json` report the verdict reads. */
export interface SoakReportTotals {
  readonly totals: {
    readonly inputs: Readonly<Record<string, number>>;
    readonly problems: number;
  };
}

/**
 * What failed: inputs left without an outcome, and failed checks. Failed outcomes are not failures
 * here: the injected faults fail on purpose, and chaos may fail every attempt of a delivery, which
 * then ends in the failure queue as it should (the soak lists those for a look).
 */
export function soakFailures(report: SoakReportTotals): string[] {
  const missing = report.totals.inputs.missing ?? 0;
  return [
    ...(missing > 0 ? [`${missing} input(s) without an outcome`] : []),
    ...(report.totals.problems > 0 ? [`${report.totals.problems} failed check(s)`] : []),
  ];
}
