// Holding the page's numbers to the command line's, checkpoint by checkpoint, with every
// difference listed (a test asserts the list is empty, so a failure says where and by how much).
import type { Checkpoint } from '../../../src/core/types.ts';
import type { CliCheckpoint } from './cli.ts';
import type { Plotted } from './lab-page.ts';

export const CHECKPOINT_METRICS = [
  'loss',
  'normRatio',
  'angle',
  'distance',
  'margin',
  'marginRatio',
  'trainAcc',
  'testAcc',
] as const;
type Metric = (typeof CHECKPOINT_METRICS)[number];

export interface Tolerance {
  readonly rel: number;
  readonly abs: number;
}

type Value = number | null | undefined;

/** NaN and null (JSON's NaN) are the same "no value"; undefined means the field is absent. */
function isMissing(v: Value): boolean {
  return v === null || (typeof v === 'number' && Number.isNaN(v));
}

export function agrees(a: Value, b: Value, tol: Tolerance): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (isMissing(a) || isMissing(b)) return isMissing(a) && isMissing(b);
  if (a === b) return true; // also equal infinities
  return Math.abs(a! - b!) <= tol.rel * Math.max(Math.abs(a!), Math.abs(b!)) + tol.abs;
}

export interface Comparison {
  /** t values present in both, per run */
  readonly commonT: number[][];
  /** number of (run, t, metric) values compared */
  readonly compared: number;
  /** every disagreement, in words */
  readonly mismatches: string[];
  /** largest relative difference seen over agreeing finite values */
  readonly worstRel: number;
}

function groupByRun(cli: readonly CliCheckpoint[]): Map<number, Map<number, CliCheckpoint>> {
  const runs = new Map<number, Map<number, CliCheckpoint>>();
  for (const cp of cli) {
    if (!runs.has(cp.run)) runs.set(cp.run, new Map());
    runs.get(cp.run)!.set(cp.t, cp);
  }
  return runs;
}

function relDiff(a: Value, b: Value): number {
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b) || a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/** The page's checkpoints (per run, in order) against the CLI's lines, at every t both have. */
export function compareCheckpoints(
  page: readonly (readonly Checkpoint[])[],
  cli: readonly CliCheckpoint[],
  tol: Tolerance,
): Comparison {
  const cliRuns = groupByRun(cli);
  const mismatches: string[] = [];
  const commonT: number[][] = [];
  let compared = 0;
  let worstRel = 0;
  if (page.length !== cliRuns.size) mismatches.push(`page has ${page.length} runs, CLI has ${cliRuns.size}`);
  page.forEach((cps, run) => {
    const byT = cliRuns.get(run) ?? new Map<number, CliCheckpoint>();
    const common: number[] = [];
    for (const cp of cps) {
      const ref = byT.get(cp.t);
      if (!ref) continue;
      common.push(cp.t);
      for (const metric of CHECKPOINT_METRICS) {
        const a = cp[metric as Metric] as Value;
        const b = ref[metric as Metric] as Value;
        compared++;
        if (!agrees(a, b, tol)) mismatches.push(`run ${run} t=${cp.t} ${metric}: page ${a}, CLI ${b}`);
        else worstRel = Math.max(worstRel, relDiff(a, b));
      }
    }
    commonT.push(common);
  });
  return { commonT, compared, mismatches, worstRel };
}

/** What a chart plots for one CLI line: the metric itself, or t·loss for the t·R(W) chart. */
export function chartValue(chart: string, cp: CliCheckpoint): number | null {
  if (chart === 'tloss') return cp.loss === null ? null : cp.t * cp.loss;
  return cp[chart as Metric] ?? null;
}

/**
 * A chart's curves against the CLI: the series labelled with run i's label must hold run i's
 * values at every plotted t the CLI also printed. Series that are not runs (reference lines) are
 * not compared. Returns the disagreements and how many points were compared.
 */
export function compareChart(
  chart: string,
  plotted: Plotted,
  runLabels: readonly string[],
  cli: readonly CliCheckpoint[],
  tol: Tolerance,
): { compared: number; mismatches: string[] } {
  const cliRuns = groupByRun(cli);
  const mismatches: string[] = [];
  let compared = 0;
  runLabels.forEach((label, run) => {
    const series = plotted.series.filter((s) => s.label === label);
    if (series.length !== 1) {
      mismatches.push(`chart-${chart}: ${series.length} series labelled "${label}" (want 1)`);
      return;
    }
    const byT = cliRuns.get(run) ?? new Map<number, CliCheckpoint>();
    plotted.t.forEach((t, j) => {
      const ref = byT.get(t);
      const value = series[0].values[j];
      // A run's column may have gaps (null) at another run's t, and log axes cannot place zeros.
      if (!ref || value === null) return;
      compared++;
      const want = chartValue(chart, ref);
      if (!agrees(value, want, tol)) mismatches.push(`chart-${chart} "${label}" t=${t}: plotted ${value}, CLI ${want}`);
    });
  });
  return { compared, mismatches };
}

/**
 * The step sizes where two experiments differ, bit for bit: a log-spaced range (`1e-3..200:log:64`) is
 * rounded to 12 significant digits (core/sweep.ts), so the page (Chromium) and Node expand one link
 * to the same doubles even where their 10^x differ in the last bit.
 */
export function lrsApart(got: readonly number[], want: readonly number[]): string[] {
  if (got.length !== want.length) return [`${got.length} step sizes, expected ${want.length}`];
  return want.flatMap((lr, i) => (Object.is(got[i], lr) ? [] : [`η[${i}] = ${got[i]}, expected ${lr}`]));
}
