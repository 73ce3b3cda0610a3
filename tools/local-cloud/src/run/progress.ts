import type { OutcomeKind } from '@pipeline/lambda-kit';

export interface ProgressCounts {
  readonly byOutcome: Readonly<Partial<Record<OutcomeKind, number>>>;
  /** Deliveries ended, and expected so far. */
  readonly ended: number;
  readonly expected: number;
  readonly invocations: number;
}

/** Where progress goes: a line redrawn in place on a terminal, plain lines every few seconds otherwise. */
export interface ProgressSink {
  readonly isTTY: boolean;
  write(text: string): void;
}

const TTY_EVERY_MS = 500;
const PLAIN_EVERY_MS = 5_000;

/** The progress line: counts per outcome, invocations a second, time left at the current rate. */
export function progressLine(counts: ProgressCounts, elapsedMs: number): string {
  const seconds = Math.max(elapsedMs / 1000, 0.001);
  const rate = counts.invocations / seconds;
  const perDelivery = counts.ended / seconds;
  const left = counts.expected - counts.ended;
  const eta = perDelivery > 0 && left > 0 ? `, about ${Math.ceil(left / perDelivery)} s left` : '';
  const kinds = Object.entries(counts.byOutcome)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  return `${counts.ended}/${counts.expected} events${kinds === '' ? '' : ` (${kinds})`}, ${rate.toFixed(1)} invocations/s${eta}`;
}

/**
 * Prints the progress line until stopped, on the sink (stderr) whatever goes to stdout (`--json` too);
 * `quiet` prints nothing.
 */
export function startProgress(
  sink: ProgressSink,
  read: () => ProgressCounts,
  options: { readonly quiet: boolean },
): { stop(): void } {
  if (options.quiet) return { stop: () => undefined };
  const started = Date.now();
  const draw = (): void => {
    const line = progressLine(read(), Date.now() - started);
    sink.write(sink.isTTY ? `\r\u001b[2K${line}` : `  ${line}\n`);
  };
  const timer = setInterval(draw, sink.isTTY ? TTY_EVERY_MS : PLAIN_EVERY_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      // The last count, however short the run: the line finished on a terminal, one more line otherwise.
      draw();
      if (sink.isTTY) sink.write('\n');
    },
  };
}
