// Bands in the line charts: which groups a large sweep draws (a few η spread over the sweep, ends
// included, at most MAX_BANDS bands), and each band's row at one checkpoint: the 10 %, 90 % and median
// of its runs' values (numpy.quantile's linear rule, computed here by hand), diverged runs left out.
import { describe, expect, it } from 'vitest';
import {
  MAX_BANDS,
  bandLegend,
  bandPlan,
  bandRow,
  bandSeries,
  groupCurves,
  nearestLrs,
  spread,
} from '../../../src/app/charts/chart-bands.ts';
import { findPreset } from '../../../src/app/state/presets.ts';
import { CHARTS } from '../../../src/app/charts/chart-specs.ts';
import type { Checkpoint, LossName, RunSpec } from '../../../src/core/types.ts';

const problem = {} as RunSpec['problem'];
const LOSSES: LossName[] = ['pairlog', 'ce', 'exp'];
/** 64 log-spaced η from 1e-3 to 200, as the phase-diagram preset */
const LRS = Array.from({ length: 64 }, (_, j) => 10 ** (-3 + (j * Math.log10(2e5)) / 63));
/** seed-major, then loss, then η: 16 × 3 × 64 = 3,072 runs */
const runs: RunSpec[] = [...Array(16).keys()].flatMap((seed) =>
  LOSSES.flatMap((loss) =>
    LRS.map(
      (lr) =>
        ({
          label: `seed ${seed} · ${loss} · gd η=${lr}`,
          problem,
          loss,
          optimizer: 'gd',
          schedule: 'const',
          lr,
          seed,
          W0: new Float64Array(0),
        }) as RunSpec,
    ),
  ),
);
const distance = CHARTS.find((c) => c.id === 'distance')!;

/** run r at t = 1000: distance (seed + 1)/100 · (1 + η index), diverged for exp with seed ≥ 12 */
const cp = (r: number): Checkpoint => {
  const run = runs[r];
  const diverged = run.loss === 'exp' && run.seed >= 12;
  return {
    run: r,
    t: 1000,
    loss: diverged ? Infinity : 1,
    normRatio: 1,
    angle: 0,
    marginRatio: 0,
    margin: 0,
    trainAcc: 1,
    distance: ((run.seed + 1) / 100) * (1 + LRS.indexOf(run.lr)),
    status: diverged ? 'diverged' : 'running',
  };
};

describe('spread', () => {
  it('picks indices evenly, both ends included', () => {
    expect(spread(64, 4)).toEqual([0, 21, 42, 63]);
    expect(spread(5, 9)).toEqual([0, 1, 2, 3, 4]);
    expect(spread(7, 1)).toEqual([3]);
  });
});

describe('bandPlan', () => {
  it('draws 4 of 64 η × 3 losses = 12 bands of 16 seeds each, and says so', () => {
    const plan = bandPlan(runs, 'lr');
    expect(MAX_BANDS).toBe(12);
    expect(plan.total).toBe(192);
    expect(plan.groups.map((g) => g.key)).toEqual(
      [0, 21, 42, 63].flatMap((j) => LOSSES.map((loss) => `η=${Number(LRS[j].toPrecision(3))} · ${loss} · gd`)),
    );
    expect(plan.groups[0].key).toBe('η=0.001 · pairlog · gd');
    expect(plan.groups[11].key).toBe('η=200 · exp · gd');
    expect(plan.groups.every((g) => g.size === 16)).toBe(true);
    expect(new Set(plan.groups.map((g) => g.color)).size).toBe(12);
    expect(plan.note).toContain('across 16 seeds');
    // 10^(−3 + 21·log10(2e5)/63) = 0.0585 and 10^(−3 + 42·log10(2e5)/63) = 3.42
    expect(plan.note).toContain('12 of 192 bands drawn: 4 of 64 η (0.001, 0.0585, 3.42, 200)');
    expect(plan.chartNote).toBe('median and 10–90 % across seeds · 12 of 192 bands (4 of 64 η)');
  });

  it('per loss · optimizer: one band per loss over every seed and η', () => {
    const plan = bandPlan(runs, 'series');
    expect(plan.groups.map((g) => [g.key, g.size])).toEqual([
      ['pairlog · gd', 1024],
      ['ce · gd', 1024],
      ['exp · gd', 1024],
    ]);
    expect(plan.note).toContain('across 16 seeds and 64 η');
    expect(plan.note).not.toContain('drawn');
  });
});

describe('bandRow', () => {
  const batch = runs.map((_, r) => cp(r));

  it('gives each band its 10 %, 90 % and median across seeds, then the reference and the picked run', () => {
    const plan = bandPlan(runs, 'lr');
    const series = bandSeries(plan, distance, 'picked');
    const row = bandRow(plan, runs, batch, distance, 5);
    expect(row).toHaveLength(series.length);
    expect(series).toHaveLength(12 * 3 + 2);
    // η index 21, pairlog: distances (s + 1)/100 · 22 for s = 0..15; numpy's linear quantile of 1..16
    // at q is 1 + 15q: 2.5, 8.5 and 14.5
    const [lo, hi, mid] = groupCurves(3);
    expect(series[hi].band).toEqual({ lower: lo, fill: expect.stringMatching(/^rgba\(/) });
    expect(row[lo]).toBeCloseTo((2.5 / 100) * 22, 14);
    expect(row[hi]).toBeCloseTo((14.5 / 100) * 22, 14);
    expect(row[mid]).toBeCloseTo((8.5 / 100) * 22, 14);
    // exp at η = 200: seeds 12..15 diverged, so the band is over seeds 0..11 (1..12: 2.1, 6.5, 10.9)
    const [elo, ehi, emid] = groupCurves(11);
    expect(row[elo]).toBeCloseTo((2.1 / 100) * 64, 14);
    expect(row[emid]).toBeCloseTo((6.5 / 100) * 64, 14);
    expect(row[ehi]).toBeCloseTo((10.9 / 100) * 64, 14);
    // the 1/ln t reference at t = 1000, then run 5's own distance
    expect(row[36]).toBeCloseTo(1 / Math.log(1000), 14);
    expect(row[37]).toBe(batch[5].distance);
    expect(series[37]).toMatchObject({ label: 'picked', color: '#000000' });
  });

  it('leaves a gap where every run of a band diverged', () => {
    const plan = bandPlan(runs, 'lr');
    const allExpDiverged = batch.map((c) => (runs[c.run].loss === 'exp' ? { ...c, status: 'diverged' as const } : c));
    const row = bandRow(plan, runs, allExpDiverged, distance);
    expect(row.slice(33, 36)).toEqual([null, null, null]);
    expect(row).toHaveLength(37);
  });

  it('leaves a run that diverged out of its band at every t, not only from its divergence on', () => {
    const plan = bandPlan(runs, 'lr');
    // exp seeds 12..15 are known to diverge; at an early t they still read as running with huge values
    const early = batch.map((c) => ({
      ...c,
      t: 2,
      status: 'running' as const,
      distance: runs[c.run].loss === 'exp' && runs[c.run].seed >= 12 ? 1e50 : c.distance,
    }));
    const diverged = new Set(runs.flatMap((r, i) => (r.loss === 'exp' && r.seed >= 12 ? [i] : [])));
    const row = bandRow(plan, runs, early, distance, undefined, diverged);
    // exp at η = 200 over seeds 0..11 alone, as at t = 1000 (2.1, 6.5, 10.9 hundredths of 64)
    const [elo, ehi, emid] = groupCurves(11);
    expect([row[elo], row[emid], row[ehi]].map((v) => v! / 0.64)).toEqual([
      expect.closeTo(2.1, 12),
      expect.closeTo(6.5, 12),
      expect.closeTo(10.9, 12),
    ]);
    expect(Math.max(...row.filter((v): v is number => v !== null))).toBeLessThan(1e3);
    // the legend counts them
    const legend = bandLegend(plan, new Set(), -1, undefined, diverged);
    expect(legend[11].text).toBe('η=200 · exp · gd (4 of 16 diverged)');
    expect(legend[11].label).toBe('η=200 · exp · gd: median and 10–90 % of 12 runs; 4 of 16 diverged, left out');
    expect(legend[0].text).toBe('η=0.001 · pairlog · gd');
  });
});

describe('bands at the η a preset names', () => {
  it('picks the nearest η of the sweep, on a log scale, without repeats', () => {
    expect(nearestLrs([0.1, 1, 10], [0.9, 1.2, 30, 0.001])).toEqual([0, 1, 2]);
    expect(nearestLrs([0.1, 1, 10], [3.1, 3.2])).toEqual([1, 2]);
  });

  it('draws the phase diagram at the η its sentence names (separation, median loss, exp diverging, 200)', () => {
    const preset = findPreset('phase-diagram')!;
    expect(preset.bandLrs).toHaveLength(4);
    const plan = bandPlan(runs, 'lr', preset.bandLrs);
    const etas = [...new Set(plan.groups.map((g) => g.key.split(' · ')[0]))];
    // the sweep's η nearest to claims.json's 0.127, 1.069, 2.321 and 200
    expect(etas).toEqual(['η=0.127', 'η=1.07', 'η=2.32', 'η=200']);
    expect(plan.note).toContain('4 of 64 η (0.127, 1.07, 2.32, 200)');
  });
});
