/**
 * The `--cost` table as a chart: per pipeline, what a million inputs like the run's would cost on
 * Lambda, in S3 requests, and a month of their outputs' storage (USD), as horizontal bars.
 */
import { html, type Html } from './escape.js';
import type { CostBar } from './page-data.js';

const COST_SERIES = [
  { name: 'Lambda $/M', of: (b: CostBar): number => b.lambda, colour: '#4e79a7' },
  { name: 'S3 requests $/M', of: (b: CostBar): number => b.s3Requests, colour: '#f28e2b' },
  { name: 'storage $/M/month', of: (b: CostBar): number => b.storage, colour: '#59a14f' },
] as const;

const WIDTH = 720;
const LABEL = 110;
const VALUE = 70;
const BAR = 14;
const GAP = 3;
const GROUP_GAP = 14;
const TOP = 28;

function usd(value: number): string {
  return value >= 100
    ? `$${value.toFixed(0)}`
    : value >= 0.01 || value === 0
      ? `$${value.toFixed(2)}`
      : `$${value.toPrecision(2)}`;
}

/** The chart, or undefined when there is nothing to draw. */
export function costChart(bars: readonly CostBar[]): Html | undefined {
  if (bars.length === 0) return undefined;
  const max = Math.max(...bars.flatMap((b) => COST_SERIES.map((s) => s.of(b))), 1e-9);
  const span = WIDTH - LABEL - VALUE;
  const groupHeight = COST_SERIES.length * (BAR + GAP) + GROUP_GAP;
  const height = TOP + bars.length * groupHeight;
  const legend = COST_SERIES.map(
    (s, i) =>
      html`<rect x="${LABEL + i * 170}" y="6" width="12" height="12" fill="${s.colour}" /><text
          x="${LABEL + i * 170 + 16}"
          y="16"
          >${s.name}</text
        >`,
  );
  const groups = bars.map((bar, g) => {
    const y0 = TOP + g * groupHeight;
    const rows = COST_SERIES.map((s, i) => {
      const value = s.of(bar);
      const y = y0 + i * (BAR + GAP);
      const w = Math.max(1, (value / max) * span);
      return html`<rect
          class="bar"
          x="${LABEL}"
          y="${y}"
          width="${w.toFixed(1)}"
          height="${BAR}"
          fill="${s.colour}"
          ><title>${bar.pipeline}: ${s.name} ${usd(value)}</title></rect
        ><text x="${(LABEL + w + 4).toFixed(1)}" y="${y + BAR - 3}">${usd(value)}</text>`;
    });
    const middle = y0 + (COST_SERIES.length * (BAR + GAP)) / 2 + 4;
    return html`<g data-pipeline="${bar.pipeline}"
      ><text class="label" x="${LABEL - 8}" y="${middle}" text-anchor="end">${bar.pipeline}</text>${rows}</g
    >`;
  });
  return html`<svg
    class="chart"
    role="img"
    aria-label="cost per million inputs by pipeline"
    viewBox="0 0 ${WIDTH} ${height}"
    width="${WIDTH}"
    height="${height}"
  >
    ${legend}${groups}
  </svg>`;
}
