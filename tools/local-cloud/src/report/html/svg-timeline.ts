/**
 * The run's invocations over time, as inline SVG: concurrency (the average number of invocations
 * running in each time step, stacked by pipeline), and below it, per step, the cold starts, retries
 * and failed attempts. Bounded by the number of steps, whatever the number of invocations.
 */
import { html, type Html } from './escape.js';
import type { InvocationSpan } from './invocation-timeline.js';

const PIPELINE_COLOURS = ['#4e79a7', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#9c755f'];

const WIDTH = 900;
const LEFT = 44;
const AREA = 200;
const LANE = 18;
const LANES = [
  {
    name: 'cold starts',
    colour: '#4e79a7',
    at: (s: InvocationSpan) => (s.coldStart ? s.startMs : undefined),
  },
  { name: 'retries', colour: '#f28e2b', at: (s: InvocationSpan) => (s.attempt > 0 ? s.startMs : undefined) },
  { name: 'failed attempts', colour: '#e15759', at: (s: InvocationSpan) => (s.ok ? undefined : s.endMs) },
] as const;

export interface TimelineSeries {
  readonly stepMs: number;
  readonly pipelines: readonly string[];
  /** Per pipeline, per step: the average invocations running. */
  readonly concurrency: readonly (readonly number[])[];
  /** Per lane, per step: how many. */
  readonly events: readonly (readonly number[])[];
}

/** Bins the spans into `steps` time steps, from the first invocation's start to the last one's end. */
export function timelineSeries(recorded: readonly InvocationSpan[], steps: number): TimelineSeries {
  const origin = recorded.reduce((least, s) => Math.min(least, s.startMs), Infinity);
  const spans = recorded.map((s) => ({ ...s, startMs: s.startMs - origin, endMs: s.endMs - origin }));
  const end = spans.reduce((most, s) => Math.max(most, s.endMs), 1);
  const stepMs = end / steps;
  const pipelines = [...new Set(spans.map((s) => s.pipeline))].sort();
  const concurrency = pipelines.map(() => new Array<number>(steps).fill(0));
  const events = LANES.map(() => new Array<number>(steps).fill(0));
  const stepOf = (ms: number): number => Math.min(steps - 1, Math.floor(ms / stepMs));
  for (const span of spans) {
    const busy = concurrency[pipelines.indexOf(span.pipeline)] ?? [];
    for (let i = stepOf(span.startMs); i <= stepOf(span.endMs); i++) {
      const overlap = Math.min(span.endMs, (i + 1) * stepMs) - Math.max(span.startMs, i * stepMs);
      busy[i] = (busy[i] ?? 0) + Math.max(0, overlap) / stepMs;
    }
    LANES.forEach((lane, l) => {
      const at = lane.at(span);
      const counts = events[l];
      if (at !== undefined && counts !== undefined) counts[stepOf(at)] = (counts[stepOf(at)] ?? 0) + 1;
    });
  }
  return { stepMs, pipelines, concurrency, events };
}

function areaPaths(series: TimelineSeries, stepWidth: number, scale: number): Html[] {
  const steps = series.concurrency[0]?.length ?? 0;
  const below = new Array<number>(steps).fill(0);
  return series.pipelines.map((pipeline, p) => {
    const values = series.concurrency[p] ?? [];
    const top: string[] = [];
    const bottom: string[] = [];
    for (let i = 0; i < steps; i++) {
      const base = below[i] ?? 0;
      const upper = base + (values[i] ?? 0);
      const [x0, x1] = [LEFT + i * stepWidth, LEFT + (i + 1) * stepWidth];
      top.push(
        `${x0.toFixed(1)},${(AREA - upper * scale).toFixed(1)} ${x1.toFixed(1)},${(AREA - upper * scale).toFixed(1)}`,
      );
      bottom.unshift(
        `${x1.toFixed(1)},${(AREA - base * scale).toFixed(1)} ${x0.toFixed(1)},${(AREA - base * scale).toFixed(1)}`,
      );
      below[i] = upper;
    }
    const colour = PIPELINE_COLOURS[p % PIPELINE_COLOURS.length] ?? '#888';
    return html`<polygon points="${[...top, ...bottom].join(' ')}" fill="${colour}" fill-opacity="0.8"
      ><title>${pipeline}</title></polygon
    >`;
  });
}

function lanes(series: TimelineSeries, stepWidth: number): Html[] {
  return LANES.map((lane, l) => {
    const counts = series.events[l] ?? [];
    const most = counts.reduce((a, b) => Math.max(a, b), 1);
    const y = AREA + 28 + l * LANE;
    const ticks = counts.map((n, i) =>
      n === 0
        ? undefined
        : html`<rect
            x="${(LEFT + i * stepWidth).toFixed(1)}"
            y="${y}"
            width="${Math.max(1.5, stepWidth).toFixed(1)}"
            height="${LANE - 4}"
            fill="${lane.colour}"
            fill-opacity="${(0.35 + (0.65 * n) / most).toFixed(2)}"
            ><title>${n} ${lane.name} at ${((i * series.stepMs) / 1000).toFixed(1)} s</title></rect
          >`,
    );
    const total = counts.reduce((a, b) => a + b, 0);
    return html`<text x="${LEFT - 6}" y="${y + LANE - 7}" text-anchor="end" class="lane">${total}</text
      ><text x="${WIDTH + 6}" y="${y + LANE - 7}" class="lane">${lane.name}</text
      >${ticks.map((t) => t ?? '')}`;
  });
}

/** The timeline chart; undefined when no invocation was recorded. */
export function timelineChart(spans: readonly InvocationSpan[], steps: number): Html | undefined {
  if (spans.length === 0) return undefined;
  const series = timelineSeries(spans, steps);
  const stepWidth = (WIDTH - LEFT) / steps;
  const stacked = Array.from({ length: steps }, (_, i) =>
    series.concurrency.reduce((sum, c) => sum + (c[i] ?? 0), 0),
  );
  const peak = stacked.reduce((a, b) => Math.max(a, b), 1);
  const ceiling = Math.ceil(peak);
  const scale = (AREA - 10) / ceiling;
  const seconds = (steps * series.stepMs) / 1000;
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map(
    (f) =>
      html`<text x="${(LEFT + f * (WIDTH - LEFT)).toFixed(1)}" y="${AREA + 16}" text-anchor="middle"
        >${(f * seconds).toFixed(1)} s</text
      >`,
  );
  const yTicks = [0, ceiling / 2, ceiling].map(
    (v) =>
      html`<text x="${LEFT - 6}" y="${(AREA - v * scale + 4).toFixed(1)}" text-anchor="end"
          >${Number.isInteger(v) ? v : v.toFixed(1)}</text
        ><line
          x1="${LEFT}"
          x2="${WIDTH}"
          y1="${(AREA - v * scale).toFixed(1)}"
          y2="${(AREA - v * scale).toFixed(1)}"
          class="grid"
        />`,
  );
  const legend = series.pipelines.map(
    (p, i) =>
      html`<span class="key"
        ><i style="background:${PIPELINE_COLOURS[i % PIPELINE_COLOURS.length] ?? '#888'}"></i>${p}</span
      >`,
  );
  const height = AREA + 28 + LANES.length * LANE + 4;
  return html`<div class="legend">
      ${legend}
      <span class="muted"
        >(invocations running, averaged over ${(series.stepMs / 1000).toFixed(2)} s steps; time from the first
        invocation's start)</span
      >
    </div>
    <svg
      class="chart"
      role="img"
      aria-label="invocations over time"
      data-invocations="${spans.length}"
      viewBox="0 0 ${WIDTH + 110} ${height}"
      width="${WIDTH + 110}"
      height="${height}"
    >
      ${yTicks}${areaPaths(series, stepWidth, scale)}${xTicks}${lanes(series, stepWidth)}
    </svg>`;
}
