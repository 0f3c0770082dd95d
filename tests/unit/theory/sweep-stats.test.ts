// The sweep view's numbers: the heat map's grid and the bands across seeds, on hand-made checkpoints
// whose answers are known (numpy.quantile's linear rule for the bands).
import { describe, expect, it } from 'vitest';
import {
  bandMembers,
  metricValue,
  quantile,
  sweepGrid,
  type BandsBy,
  type SweepMetric,
} from '../../../src/core/theory/sweep-stats.ts';
import type { Checkpoint, LossName, RunSpec } from '../../../src/core/types.ts';

const problem = {} as RunSpec['problem'];
const spec = (seed: number, loss: LossName, lr: number): RunSpec => ({
  label: '',
  problem,
  loss,
  optimizer: 'gd',
  schedule: 'const',
  lr,
  seed,
  W0: new Float64Array(0),
});
const cp = (run: number, distance: number, diverged = false): Checkpoint => ({
  run,
  t: 100,
  loss: distance * 2,
  normRatio: 1,
  angle: 0,
  distance,
  margin: 0,
  marginRatio: 0,
  trainAcc: 1,
  status: diverged ? 'diverged' : 'running',
});

// The bands the charts draw (app/chart-bands.ts), at one checkpoint: production's grouping and quantile
// rule, gathered here in one function so that the test can state each band's numbers.
interface Band {
  /** the group: "η=0.1 · pairlog · gd" or "pairlog · gd" */
  readonly name: string;
  /** the runs in it (indices in the run list) */
  readonly runs: readonly number[];
  readonly q10: number;
  readonly median: number;
  readonly q90: number;
  /** runs whose value is not finite (diverged or undefined), left out of the quantiles */
  readonly missing: number;
}

/**
 * Bands at one checkpoint: runs grouped across seeds, per η and series (`by: 'lr'`) or per series
 * alone (`by: 'series'`), each group's median and 10–90 % range of the metric's finite values.
 */
function sweepBands(runs: readonly RunSpec[], cps: readonly Checkpoint[], metric: SweepMetric, by: BandsBy): Band[] {
  const groups = bandMembers(runs, by);
  const cpOf = new Map(cps.map((cp) => [cp.run, cp]));
  return [...groups].map(([name, members]) => {
    const finite = members
      .map((r) => cpOf.get(r))
      .filter((cp): cp is Checkpoint => cp !== undefined)
      .map((cp) => metricValue(cp, metric))
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    return {
      name,
      runs: members,
      q10: quantile(finite, 0.1),
      median: quantile(finite, 0.5),
      q90: quantile(finite, 0.9),
      missing: members.length - finite.length,
    };
  });
}

describe('quantile', () => {
  it('interpolates between order statistics like numpy.quantile', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // numpy.quantile(np.arange(1, 11), [0.1, 0.5, 0.9]) = [1.9, 5.5, 9.1]
    expect(quantile(ten, 0.1)).toBeCloseTo(1.9, 14);
    expect(quantile(ten, 0.5)).toBe(5.5);
    expect(quantile(ten, 0.9)).toBeCloseTo(9.1, 14);
    expect(quantile([4], 0.9)).toBe(4);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('sweepGrid', () => {
  // seeds 0, 1 × η 0.5, 0.1 (given out of order) × one loss: rows are seeds, columns η increasing
  const runs = [spec(0, 'pairlog', 0.5), spec(0, 'pairlog', 0.1), spec(1, 'pairlog', 0.5), spec(1, 'pairlog', 0.1)];
  it('puts each run in its seed row and η column, NaN where there is no checkpoint', () => {
    const grid = sweepGrid(runs, [cp(0, 0.4), cp(1, 0.3), cp(2, 0.2, true)], 'distance');
    expect(grid.lrs).toEqual([0.1, 0.5]);
    expect(grid.rows).toEqual(['seed 0', 'seed 1']);
    expect(Array.from(grid.runOf)).toEqual([1, 0, 3, 2]);
    expect(Array.from(grid.values)).toEqual([0.3, 0.4, NaN, 0.2]);
    expect(Array.from(sweepGrid(runs, [cp(0, 0.4), cp(2, 0.2, true)], 'diverged').values)).toEqual([NaN, 0, NaN, 1]);
  });

  it('has one row per loss when seeds do not vary, and per loss and seed when both do', () => {
    const byLoss = sweepGrid([spec(0, 'pairlog', 1), spec(0, 'exp', 1)], [cp(0, 1), cp(1, 2)], 'loss');
    expect(byLoss.rows).toEqual(['pairlog · gd', 'exp · gd']);
    expect(Array.from(byLoss.values)).toEqual([2, 4]);
    expect(sweepGrid([spec(0, 'pairlog', 1), spec(1, 'exp', 1)], [], 'loss').rows).toEqual([
      'pairlog · gd · seed 0',
      'exp · gd · seed 1',
    ]);
  });
});

describe('sweepBands', () => {
  it('summarises each η (or each loss) across seeds, leaving non-finite values out', () => {
    const runs: RunSpec[] = [];
    const cps: Checkpoint[] = [];
    for (let seed = 0; seed < 10; seed++) {
      for (const lr of [0.1, 1]) {
        runs.push(spec(seed, 'pairlog', lr));
        // η = 0.1: distances 1..10; η = 1: seed 9 overflowed
        cps.push(cp(runs.length - 1, lr === 1 && seed === 9 ? Infinity : seed + 1));
      }
    }
    const [small, large] = sweepBands(runs, cps, 'distance', 'lr');
    expect(small.name).toBe('η=0.1 · pairlog · gd');
    expect([small.q10, small.median, small.q90, small.missing]).toEqual([
      quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1),
      5.5,
      quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9),
      0,
    ]);
    expect(small.q10).toBeCloseTo(1.9, 14);
    // nine finite values 1..9: numpy.quantile(np.arange(1, 10), [0.1, 0.5, 0.9]) = [1.8, 5, 8.2]
    expect(large.q10).toBeCloseTo(1.8, 14);
    expect(large.median).toBe(5);
    expect(large.q90).toBeCloseTo(8.2, 14);
    expect(large.missing).toBe(1);
    const all = sweepBands(runs, cps, 'distance', 'series');
    expect(all).toHaveLength(1);
    expect(all[0].runs).toHaveLength(20);
    expect(all[0].median).toBe(5);
    expect(metricValue(cps[0], 'loss')).toBe(2);
    // ρ_fro comes from the checkpoint's rho, NaN where the driver left it out or could not compute it
    expect(metricValue(cps[0], 'rhoFro')).toBeNaN();
    expect(
      metricValue({ ...cps[0], rho: { fro: 0.75, max: null, l1: null, spectral: null, nuclear: null } }, 'rhoFro'),
    ).toBe(0.75);
    expect(metricValue({ ...cps[0], rho: { fro: null, max: 1, l1: 1, spectral: 1, nuclear: 1 } }, 'rhoFro')).toBeNaN();
  });
});
