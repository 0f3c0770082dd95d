// The sweep map's view: for an experiment of many runs, one cell per run (η across, seed or
// loss × optimizer down) coloured by a chosen number at each run's latest checkpoint. The grid
// itself comes from core/sweep-stats.ts; this file adds the colours, names and hover text.
import type { SweepCell, SweepMapView } from '../../components/sweep-map.ts';
import { sweepGrid, type SweepMetric } from '../core/sweep-stats.ts';
import type { Checkpoint, RunSpec } from '../core/types.ts';

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
const RAMP = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]] as const;

/** The ramp's colour at s ∈ [0, 1] (clamped), as CSS rgb(). */
export function rampColor(s: number): string {
  const x = Math.min(1, Math.max(0, s)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const c = RAMP[i].map((a, k) => Math.round(a + f * (RAMP[i + 1][k] - a)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

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
  const finite = Array.from(grid.values).filter(Number.isFinite);
  const log = (metric === 'loss' || metric === 'distance') && finite.length > 0 && finite.every((v) => v > 0);
  const scale = log ? Math.log10 : (v: number) => v;
  let lo = finite.length ? scale(Math.min(...finite)) : 0;
  let hi = finite.length ? scale(Math.max(...finite)) : 1;
  if (metric === 'diverged') [lo, hi] = [0, 1];
  const shade = (v: number) => (hi > lo ? (scale(v) - lo) / (hi - lo) : 0.5);
  const name = SWEEP_MAP_METRICS.find((m) => m.id === metric)?.label ?? metric;
  // toLocaleString is slow, and a sweep's runs share a few t: each written once
  const tNames = new Map<number, string>();
  const tName = (t: number) => tNames.get(t) ?? (tNames.set(t, t.toLocaleString('en-US')), tNames.get(t)!);
  const cells: SweepCell[] = Array.from(grid.values, (value, i) => {
    const run = grid.runOf[i];
    if (run < 0) return { value: NaN, color: '', run, text: 'no run' };
    const cp = latest[run];
    const spec = runs[run];
    const text = [
      `run ${run}: η = ${formatValue(spec.lr)} · seed ${spec.seed} · ${spec.loss} · ${spec.optimizer}`,
      cp ? `${name} = ${formatValue(value)} at t = ${tName(cp.t)}${cp.status === 'diverged' ? ' (diverged)' : ''}` : 'no checkpoint yet',
      cp ? `distance ${formatValue(cp.distance)} · ρ_fro ${formatValue(cp.rho?.fro ?? NaN)} · loss ${formatValue(cp.loss)}` : '',
    ].filter(Boolean).join('\n');
    return { value, color: Number.isFinite(value) ? rampColor(shade(value)) : '', run, text };
  });
  const end = (v: number) => (metric === 'diverged' ? (v ? '1 diverged' : '0 ran') : formatValue(log ? 10 ** v : v));
  const t = cps.reduce((m, c) => Math.max(m, c.t), 0);
  const missing = Array.from(grid.values).filter((v, i) => grid.runOf[i] >= 0 && !Number.isFinite(v)).length;
  return {
    metric,
    metrics: SWEEP_MAP_METRICS,
    cols: thinNames(grid.lrs.map(lrName), 12),
    rows: thinNames(grid.rows, 24),
    cells,
    xLabel: logSpaced(grid.lrs) ? 'step size η (log-spaced) →' : 'step size η →',
    yLabel: grid.rows[0]?.startsWith('seed') ? 'seed' : grid.rows[0]?.includes('seed') ? 'loss · optimizer · seed' : 'loss · optimizer',
    bar: RAMP.map((_, i) => rampColor(i / (RAMP.length - 1))),
    low: finite.length || metric === 'diverged' ? end(lo) : '',
    high: finite.length || metric === 'diverged' ? end(hi) : '',
    selected,
    note: `${runs.length} runs at their latest t${t ? ` (up to t = ${t.toLocaleString('en-US')})` : ''}${log ? ', log colour scale' : ''}${missing ? ` · ${missing} without a value (striped)` : ''}`,
  };
}
