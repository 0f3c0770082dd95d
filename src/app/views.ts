// Turns the controller's state into what the components draw: theory-check rows and
// decision-region panels. (Field views live in fields.ts.)
import { checkRowSums, seriesChecks } from '../core/theory/prediction-checks.ts';
import type { CheckView } from '../../components/theory-checks.ts';
import type { RegionPanel } from '../../components/charts/decision-regions.ts';
import type { MapPoint } from '../../components/charts/heat-map.ts';
import type { LabController } from './controller.ts';
import type { BannerMessage } from '../../components/lab-banners.ts';
import { regionBounds, regionCells, type Bounds } from './charts/region-grid.ts';

/** Row sums of W may drift by rounding only: float64 on the CPU, f32 with compensation on the GPU. */
const ROW_SUM_TOLERANCE = { cpu: 1e-9, gpu: 1e-4 } as const;

export function checkViews(lab: LabController, run: number): { run: string; checks: CheckView[] } {
  const spec = lab.runs[run];
  const series = lab.checkpoints[run] ?? [];
  const W = lab.latestWeights[run];
  // before the first run the checks read as for the experiment's first loss
  const exp = lab.experiment;
  const ctx = spec ?? { loss: exp.losses[0], optimizer: exp.optimizers[0], schedule: exp.schedule };
  const checks = seriesChecks(series, ctx);
  if (spec && W) {
    const tolerance = lab.engineName.startsWith('GPU') ? ROW_SUM_TOLERANCE.gpu : ROW_SUM_TOLERANCE.cpu;
    checks.splice(3, 0, checkRowSums(W, spec.W0, spec.problem.train.k, tolerance, spec));
  }
  return {
    run: spec ? spec.label : 'no run yet',
    checks: checks.map((c) => ({
      id: c.id,
      claim: c.claim,
      verdict: c.verdict,
      expected: c.expected,
      label: c.label,
      shown: c.shown,
      threshold: c.threshold,
      evidence: c.evidence,
    })),
  };
}

/** Rasters already drawn, by weight array (snapshots never change once taken). */
const rasterCache = new WeakMap<Float64Array, { bounds: Bounds; cells: Uint8Array }>();

function cachedCells(W: Float64Array, k: number, bounds: Bounds): Uint8Array {
  const hit = rasterCache.get(W);
  if (hit && hit.bounds.every((v, i) => v === bounds[i])) return hit.cells;
  const cells = regionCells(W, k, bounds);
  rasterCache.set(W, { bounds, cells });
  return cells;
}

interface RegionsView {
  readonly panels: RegionPanel[];
  readonly points: MapPoint[];
  readonly bounds: Bounds;
  readonly note: string;
}

/** W(t) of the first run at its snapshots and now, beside the SVM's regions; undefined unless d = 2. */
export function regionsView(lab: LabController): RegionsView | undefined {
  const spec = lab.runs[0];
  if (!spec || spec.problem.train.d !== 2) return undefined;
  const { X, y, n, k } = spec.problem.train;
  const bounds = regionBounds(X);
  const points: MapPoint[] = [];
  for (let i = 0; i < n; i++) points.push({ x: X[2 * i], y: X[2 * i + 1], cls: y[i] });
  const panels: RegionPanel[] = [...lab.snapshots.entries()]
    .sort(([a], [b]) => a - b)
    .map(([t, W]) => ({
      title: `W(t) at t = ${t.toLocaleString('en-US')}`,
      cells: cachedCells(W, k, bounds),
      size: 0,
    }));
  const now = lab.latestWeights[0];
  if (now && !lab.snapshots.has(lab.t))
    panels.push({
      title: `W(t) now, t = ${lab.t.toLocaleString('en-US')}`,
      cells: cachedCells(now, k, bounds),
      size: 0,
    });
  panels.push({ title: 'Ŵ, the hard-margin SVM', cells: cachedCells(spec.problem.svm.W, k, bounds), size: 0 });
  const size = Math.round(Math.sqrt(panels[0].cells.length));
  return {
    panels: panels.map((p) => ({ ...p, size })),
    points,
    bounds,
    note: `${spec.label}: each cell takes the class with the largest score; regions are cones through the origin (no bias).`,
  };
}

/**
 * true on a screen without hover (a phone): the media query by which components/small-screens.ts switches the
 * components' wording; false where there is no window (Node).
 */
export function touchScreen(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(hover: none)').matches;
}

/**
 * What an empty chart says: how to fill it, or, after a failed Play, what failed and what to do. A touch
 * screen has no Space key to name.
 */
export function chartHint(
  lab: {
    readonly runs: readonly unknown[];
    readonly state: string;
    readonly blockedReason: string;
    readonly messages: readonly BannerMessage[];
  },
  touch = touchScreen(),
): { text: string; error: boolean } {
  if (lab.runs.length) return { text: '', error: false };
  const failure = lab.state === 'error' ? lab.messages.filter((m) => m.level === 'error').at(-1) : undefined;
  if (failure) {
    // the banner holds the whole message; the chart names it in one clause
    const clause = failure.text.split(/;\s/)[0];
    const what = clause.length > 160 ? `${clause.slice(0, 159)}…` : clause;
    return {
      text: `Play failed${failure.field ? ` (${failure.field})` : ''}: ${what}. Nothing to draw: fix it as the red message at the top says, then press Play.`,
      error: true,
    };
  }
  if (lab.blockedReason) return { text: 'fix the fields in red, then press Play', error: false };
  return {
    text: touch ? 'press Play to run this experiment' : 'press Play (Space) to run this experiment',
    error: false,
  };
}
