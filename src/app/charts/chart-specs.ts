// Which charts the page draws and which number of a checkpoint each one plots.
import { RATIO_WINDOW } from '../../../components/charts/log-axis.ts';
import type { Checkpoint } from '../../core/types.ts';

type ChartId = 'normRatio' | 'angle' | 'distance' | 'marginRatio' | 'loss' | 'tloss';

export interface ChartSpec {
  readonly id: ChartId;
  readonly heading: string;
  /** the y axis's label in the exported figure */
  readonly yLabel: string;
  /** y axis in log mode: log, or linear for quantities that start negative */
  readonly logY: 'log' | 'linear';
  /** a linear y axis's display window (values outside it sit on its edges; exports keep them) */
  readonly yWindow?: readonly [number, number];
  readonly value: (c: Checkpoint) => number;
  /** a dashed reference curve drawn beside the runs */
  readonly reference?: { readonly label: string; readonly value: (t: number) => number | null };
}

export const CHARTS: readonly ChartSpec[] = [
  {
    id: 'distance',
    heading: 'distance ‖W/‖W‖ − Ŵ/‖Ŵ‖‖ (the paper’s Figure B), with 1/ln t for reference',
    yLabel: '‖W/‖W‖ − Ŵ/‖Ŵ‖‖',
    logY: 'log',
    value: (c) => c.distance,
    // Theorem 3.4's rate: the distance is O(1/ln t); 1/ln 1 has no value, so it starts after t = 1
    reference: { label: '1/ln t', value: (t) => (t > 1 ? 1 / Math.log(t) : null) },
  },
  {
    id: 'normRatio',
    heading: '‖W(t)‖ / ‖Ŵ‖, with ln t for reference',
    yLabel: '‖W(t)‖ / ‖Ŵ‖',
    logY: 'log',
    value: (c) => c.normRatio,
    // ln 1 = 0 has no place on a log axis, so the reference starts after t = 1
    reference: { label: 'ln t', value: (t) => (t > 1 ? Math.log(t) : null) },
  },
  {
    id: 'angle',
    heading: 'angle between W(t) and Ŵ (radians)',
    yLabel: 'angle (rad)',
    logY: 'log',
    value: (c) => c.angle,
  },
  {
    id: 'marginRatio',
    heading: 'margin ratio γ(W)·‖Ŵ‖ (→ 1)',
    yLabel: 'γ(W)·‖Ŵ‖',
    logY: 'linear',
    yWindow: RATIO_WINDOW,
    value: (c) => c.marginRatio,
  },
  { id: 'loss', heading: 'loss R(W(t))', yLabel: 'R(W(t))', logY: 'log', value: (c) => c.loss },
  // flat only once the loss falls like 1/t, which at the paper's η takes longer than 10⁵ steps (see the t·loss check)
  {
    id: 'tloss',
    heading: 't · loss (flat where the loss falls like 1/t)',
    yLabel: 't · R(W(t))',
    logY: 'log',
    value: (c) => c.t * c.loss,
  },
];

/** The run charts share one cursor: one crosshair at the same t in every chart. */
export const RUN_CHARTS_SYNC_KEY = 'run-charts-t';

/** What the page needs to lay out each run chart (its curves arrive later, by id). */
export function chartSlots(): {
  id: ChartId;
  heading: string;
  yLabel: string;
  logY: 'log' | 'linear';
  yWindow?: readonly [number, number];
  syncKey: string;
}[] {
  return CHARTS.map((c) => ({
    id: c.id,
    heading: c.heading,
    yLabel: c.yLabel,
    logY: c.logY,
    yWindow: c.yWindow,
    syncKey: RUN_CHARTS_SYNC_KEY,
  }));
}

/** Charts start at t = 1: a log t axis has no place for t = 0, and the paper's plots start at step 1. */
export const FIRST_PLOTTED_T = 1;

const RUN_COLORS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
];

export function runColor(run: number): string {
  return RUN_COLORS[run % RUN_COLORS.length];
}

/** A chart's y value, or null where the number is not finite (drawn as a gap). */
export function plotValue(spec: ChartSpec, c: Checkpoint): number | null {
  const v = spec.value(c);
  return Number.isFinite(v) ? v : null;
}
