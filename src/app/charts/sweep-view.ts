// The sweep map's view: for an experiment of many runs, one cell per run (η across, seed or
// loss × optimizer down) coloured by a chosen number at each run's latest checkpoint. The grid
// itself comes from core/sweep-stats.ts; this file adds the colours, names and hover text.
import type { SweepMapView } from '../../../components/charts/sweep-map.ts';
import { sweepGrid, type SweepMetric } from '../../core/theory/sweep-stats.ts';
import type { Checkpoint, RunSpec } from '../../core/types.ts';

/** The map shows once an experiment has more runs than this (a legend of 20 is still readable). */
export const SWEEP_MAP_MIN_RUNS = 21;

/** The numbers the map can colour by, with their names. */
export const SWEEP_MAP_METRICS: readonly { readonly id: SweepMetric; readonly label: string }[] = [
  { id: 'distance', label: 'distance ‖W/‖W‖ − Ŵ/‖Ŵ‖‖' },
  { id: 'rhoFro', label: 'ρ_fro (margin ratio, Frobenius norm)' },
  { id: 'loss', label: 'loss R(W)' },
  { id: 'diverged', label: 'diverged (1) or not (0)' },
];

/** Viridis, sampled at five points: low is dark purple, high is yellow. */
const RAMP = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
] as const;

/** The ramp's colour at s ∈ [0, 1] (clamped), as [r, g, b] bytes. */
export function rampRgb(s: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, s)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i];
  const b = RAMP[i + 1];
  return [
    Math.round(a[0] + f * (b[0] - a[0])),
    Math.round(a[1] + f * (b[1] - a[1])),
    Math.round(a[2] + f * (b[2] - a[2])),
  ];
}

/** The ramp's colour at s ∈ [0, 1] (clamped), as CSS rgb(). */
export function rampColor(s: number): string {
  const c = rampRgb(s);
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** A cell with a run but no value (light grey), and a cell without a run (white). */
export const NO_VALUE_RGB = [200, 200, 200] as const;
const NO_RUN_RGB = [255, 255, 255] as const;

/** A number as the map writes it: 4 significant digits. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'no value' : String(v);
  return Number(v.toPrecision(4)).toString();
}

/** Column names: η with 2 significant digits, e.g. 0.0037 or 10. */
function lrName(lr: number): string {
  return lr !== 0 && Math.abs(lr) < 1e-3 ? lr.toExponential(1) : String(Number(lr.toPrecision(2)));
}

/** Names of every k-th axis entry only, so that at most about `most` are written ('' for the others). */
export function thinNames(names: readonly string[], most: number): string[] {
  const every = Math.max(1, Math.ceil(names.length / most));
  return names.map((name, i) => (i % every === 0 ? name : ''));
}

/** true when the step sizes are equally spaced in log η (a :log: range), false for 2 or fewer. */
function logSpaced(lrs: readonly number[]): boolean {
  if (lrs.length < 3 || !(lrs[0] > 0)) return false;
  const step = Math.log(lrs[1] / lrs[0]);
  return lrs.every((lr, i) => i === 0 || Math.abs(Math.log(lr / lrs[i - 1]) - step) <= 1e-6 * Math.abs(step));
}

/** How values become colours: `lo`…`hi` on the (log or linear) `scale`, from the `count` finite values. */
interface ColourScale {
  readonly log: boolean;
  readonly scale: (v: number) => number;
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
}

/** Log scale for loss and distance when every finite value is positive, 0–1 for `diverged`, else min…max. */
function colourScale(values: Float64Array, metric: SweepMetric): ColourScale {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  let positive = true;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (!(v > 0)) positive = false;
  }
  const log = (metric === 'loss' || metric === 'distance') && count > 0 && positive;
  const scale = log ? Math.log10 : (v: number) => v;
  let lo = count ? scale(min) : 0;
  let hi = count ? scale(max) : 1;
  if (metric === 'diverged') [lo, hi] = [0, 1];
  return { log, scale, lo, hi, count };
}

/** Each cell's RGBA bytes (ramp colour, grey for a run without a value, white for no run), and how many are grey. */
function cellColours(
  values: Float64Array,
  runOf: Int32Array,
  { scale, lo, hi }: ColourScale,
): { rgba: Uint8ClampedArray; missing: number } {
  const shade = (v: number) => (hi > lo ? (scale(v) - lo) / (hi - lo) : 0.5);
  // one colour array for the canvas: a 10⁴-run sweep as 10⁴ styled elements stalled the page
  const rgba = new Uint8ClampedArray(values.length * 4);
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const finite = Number.isFinite(v);
    if (runOf[i] >= 0 && !finite) missing++;
    const c = runOf[i] < 0 ? NO_RUN_RGB : finite ? rampRgb(shade(v)) : NO_VALUE_RGB;
    rgba[4 * i] = c[0];
    rgba[4 * i + 1] = c[1];
    rgba[4 * i + 2] = c[2];
    rgba[4 * i + 3] = 255;
  }
  return { rgba, missing };
}

/** The hover text of cell i: its run's settings, the coloured value and the run's other numbers. */
function hoverText(
  runs: readonly RunSpec[],
  latest: readonly (Checkpoint | undefined)[],
  grid: { readonly values: Float64Array; readonly runOf: Int32Array },
  name: string,
): (i: number) => string {
  const { values, runOf } = grid;
  // the hover text is written only for the cell asked about
  return (i: number): string => {
    const run = runOf[i];
    if (run === undefined || run < 0) return 'no run';
    const cp = latest[run];
    const spec = runs[run];
    return [
      `run ${run}: η = ${formatValue(spec.lr)} · seed ${spec.seed} · ${spec.loss} · ${spec.optimizer}`,
      cp
        ? `${name} = ${formatValue(values[i])} at t = ${cp.t.toLocaleString('en-US')}${cp.status === 'diverged' ? ' (diverged)' : ''}`
        : 'no checkpoint yet',
      cp
        ? `distance ${formatValue(cp.distance)} · ρ_fro ${formatValue(cp.rho?.fro ?? NaN)} · loss ${formatValue(cp.loss)}`
        : '',
    ]
      .filter(Boolean)
      .join('\n');
  };
}

/** The rows' axis title, from what the row names hold. */
function rowsLabel(rows: readonly string[]): string {
  if (rows[0]?.startsWith('seed')) return 'seed';
  return rows[0]?.includes('seed') ? 'loss · optimizer · seed' : 'loss · optimizer';
}

/**
 * The map for these runs and each run's latest checkpoint (`latest[r]`, undefined before its first),
 * or undefined when there are too few runs for a map. Loss and distance are coloured on a log scale
 * when all their values are positive; `diverged` on its fixed 0–1 scale; the others between their
 * smallest and largest value.
 */
export function sweepMapView(
  runs: readonly RunSpec[],
  latest: readonly (Checkpoint | undefined)[],
  metric: SweepMetric,
  selected: number,
): SweepMapView | undefined {
  if (runs.length < SWEEP_MAP_MIN_RUNS) return undefined;
  const cps = latest.filter((c): c is Checkpoint => c !== undefined);
  const grid = sweepGrid(runs, cps, metric);
  const { values, runOf } = grid;
  const colours = colourScale(values, metric);
  const { log, lo, hi, count } = colours;
  const name = SWEEP_MAP_METRICS.find((m) => m.id === metric)?.label ?? metric;
  const { rgba, missing } = cellColours(values, runOf, colours);
  const end = (v: number) => (metric === 'diverged' ? (v ? '1 diverged' : '0 ran') : formatValue(log ? 10 ** v : v));
  let t = 0;
  for (const c of cps) if (c.t > t) t = c.t;
  return {
    metric,
    metrics: SWEEP_MAP_METRICS,
    cols: thinNames(grid.lrs.map(lrName), 12),
    rows: thinNames(grid.rows, 24),
    values,
    runOf,
    rgba,
    text: hoverText(runs, latest, grid, name),
    xLabel: logSpaced(grid.lrs) ? 'step size η (log-spaced) →' : 'step size η →',
    yLabel: rowsLabel(grid.rows),
    bar: RAMP.map((_, i) => rampColor(i / (RAMP.length - 1))),
    low: count || metric === 'diverged' ? end(lo) : '',
    high: count || metric === 'diverged' ? end(hi) : '',
    selected,
    note: `${runs.length} runs at their latest t${t ? ` (up to t = ${t.toLocaleString('en-US')})` : ''}${log ? ', log colour scale' : ''}${missing ? ` · ${missing} without a value (grey)` : ''}`,
  };
}
