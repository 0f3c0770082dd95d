// What a sweep view draws, computed from checkpoints alone (no DOM): a grid of one metric at one t
// with step size along one axis and seed (or loss × optimizer) along the other, and bands — the
// median and the 10–90 % range across seeds — per step size or per loss, instead of a line per run.
import type { Checkpoint, RunSpec } from '../types.ts';

/**
 * Metrics a sweep view can colour by; `diverged` is 1 for a diverged run and 0 otherwise; `rhoFro` is
 * ρ_fro = m(W)/(‖W‖_F γ_fro) from the checkpoint's `rho` (NaN where it is unknown).
 */
export type SweepMetric = 'distance' | 'loss' | 'normRatio' | 'marginRatio' | 'trainAcc' | 'diverged' | 'rhoFro';

/** The number a cell shows for one run's checkpoint. */
export function metricValue(cp: Checkpoint, metric: SweepMetric): number {
  if (metric === 'diverged') return cp.status === 'diverged' ? 1 : 0;
  if (metric === 'rhoFro') return cp.rho?.fro ?? NaN;
  return cp[metric];
}

/** A run's series: loss and optimizer, e.g. "pairlog · gd". */
export function seriesOf(run: Pick<RunSpec, 'loss' | 'optimizer'>): string {
  return `${run.loss} · ${run.optimizer}`;
}

interface SweepGrid {
  /** the step sizes, increasing: the columns */
  readonly lrs: readonly number[];
  /** the rows' names: "seed 3" or "pairlog · gd" (rows by series then seed when both vary) */
  readonly rows: readonly string[];
  /** rows × lrs values, row-major; NaN where no run (or no checkpoint) falls in the cell */
  readonly values: Float64Array;
  /** the run each cell shows (its index in the run list), −1 for none: for hover and click */
  readonly runOf: Int32Array;
}

/**
 * The heat map's grid: one column per distinct η, one row per seed × series, each cell the metric of
 * that run at its checkpoint in `cps` (any t: the caller passes the checkpoints of the t it shows).
 */
export function sweepGrid(runs: readonly RunSpec[], cps: readonly Checkpoint[], metric: SweepMetric): SweepGrid {
  const { lrs, rows, runOf, cellOf } = gridLayout(runs);
  const values = new Float64Array(runOf.length).fill(NaN);
  for (const cp of cps) {
    const cell = cellOf[cp.run];
    // (two runs of one η and row share a cell: it shows the later run, as runOf says)
    if (cell !== undefined && runOf[cell] === cp.run) values[cell] = metricValue(cp, metric);
  }
  return { lrs, rows, values, runOf: runOf.slice() };
}

interface GridLayout {
  readonly lrs: readonly number[];
  readonly rows: readonly string[];
  readonly runOf: Int32Array;
  /** each run's cell */
  readonly cellOf: Int32Array;
}

/** The grid's layout depends on the runs alone: computed once per run list (a sweep's checkpoints each redrew it). */
const layouts = new WeakMap<readonly RunSpec[], GridLayout>();

function gridLayout(runs: readonly RunSpec[]): GridLayout {
  const known = layouts.get(runs);
  if (known) return known;
  const lrs = [...new Set(runs.map((r) => r.lr))].sort((a, b) => a - b);
  const series = [...new Set(runs.map(seriesOf))];
  const seeds = [...new Set(runs.map((r) => r.seed))];
  const rowName = (run: RunSpec) =>
    series.length > 1 && seeds.length > 1
      ? `${seriesOf(run)} · seed ${run.seed}`
      : series.length > 1
        ? seriesOf(run)
        : `seed ${run.seed}`;
  const rows = [...new Set(runs.map(rowName))];
  const rowIndex = new Map(rows.map((name, i) => [name, i]));
  const colIndex = new Map(lrs.map((lr, j) => [lr, j]));
  const runOf = new Int32Array(rows.length * lrs.length).fill(-1);
  const cellOf = new Int32Array(runs.length);
  runs.forEach((run, r) => {
    const cell = rowIndex.get(rowName(run))! * lrs.length + colIndex.get(run.lr)!;
    runOf[cell] = r;
    cellOf[r] = cell;
  });
  const layout = { lrs, rows, runOf, cellOf };
  layouts.set(runs, layout);
  return layout;
}

/** The q-quantile of sorted finite values, interpolated linearly between order statistics (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/** How bands group runs: per η and series (across seeds), or per series alone (across seeds and η). */
export type BandsBy = 'lr' | 'series';

/** η as bands show it: three significant digits, as in the legend. */
export function bandLr(lr: number): string {
  return String(Number(lr.toPrecision(3)));
}

/** A band's name by η: "η=0.1 · pairlog · gd". */
export function bandName(lr: number, series: string): string {
  return `η=${bandLr(lr)} · ${series}`;
}

/** The band a run belongs to: "η=0.1 · pairlog · gd" (by η) or "pairlog · gd" (by series). */
function bandKey(run: Pick<RunSpec, 'lr' | 'loss' | 'optimizer'>, by: BandsBy): string {
  return by === 'lr' ? bandName(run.lr, seriesOf(run)) : seriesOf(run);
}

/** Each band's runs (indices into `runs`), bands in the order their first run comes. */
export function bandMembers(runs: readonly RunSpec[], by: BandsBy): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  runs.forEach((run, r) => {
    const name = bandKey(run, by);
    const members = groups.get(name);
    if (members) members.push(r);
    else groups.set(name, [r]);
  });
  return groups;
}
