import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../../src/core/engine/cpu-engine.ts';
import { runToEnd } from '../../../src/core/engine/driver.ts';
import { validateExperiment } from '../../../src/core/experiment/experiment.ts';
import { expandRuns } from '../../../src/core/engine/experiment-preparation.ts';
import {
  MARGIN_HOLDS,
  NORM_SLOPE_RANGE,
  checkDistanceLog,
  checkMargin,
  checkNormGrowth,
  checkRowSums,
  checkTLoss,
  etBounds,
  rowSumDrift,
  seriesChecks,
  type CheckContext,
  type TheoryCheck,
} from '../../../src/core/theory/prediction-checks.ts';
import type { Checkpoint, Experiment } from '../../../src/core/types.ts';

const ET: CheckContext = { loss: 'pairlog', optimizer: 'gd', schedule: 'const' };

const TS = [1, 10, 100, 1_000, 10_000, 100_000];

function series(f: (t: number) => Partial<Checkpoint>): Checkpoint[] {
  return TS.map((t) => ({
    run: 0,
    t,
    loss: 1,
    normRatio: 1,
    angle: 0,
    distance: 1,
    margin: 0,
    marginRatio: 0,
    trainAcc: 1,
    status: 'running',
    ...f(t),
  }));
}

/** A trajectory that keeps moving (‖W‖ grows like ln t, the loss falls like 1/t) unless `f` says otherwise. */
function moving(f: (t: number) => Partial<Checkpoint>): Checkpoint[] {
  return series((t) => ({
    normRatio: Math.log(t + 1),
    loss: 1 / (t + 1),
    distance: 1 / Math.log(t + 2),
    marginRatio: 0.5,
    ...f(t),
  }));
}

describe('theory checks on synthetic trajectories with known behaviour', () => {
  it('distance = 2/ln t keeps distance·ln t level: holds; a frozen distance on a W that stopped is contradicted', () => {
    const good = checkDistanceLog(
      series((t) => ({ distance: 2 / Math.log(t) })),
      ET,
    );
    expect(good.verdict).toBe('holds');
    expect(good.value).toBeCloseTo(1, 12);
    const frozen = checkDistanceLog(
      series(() => ({ distance: 0.5 })),
      ET,
    );
    expect(frozen.verdict).toBe('contradicted');
    expect(frozen.label).toBe('contradicted');
    // the same numbers for a loss without an exponential tail are what theory expects
    const hinge = checkDistanceLog(
      series(() => ({ distance: 0.5 })),
      { ...ET, loss: 'hinge' },
    );
    expect(hinge.expected).toBe('fails');
    expect(hinge.label).toBe('fails, as predicted for a non-ET loss');
    // a distance that moves but does not yet fall like 1/ln t is not a contradiction of an asymptotic claim
    expect(
      checkDistanceLog(
        moving(() => ({ distance: 0.5 })),
        ET,
      ).verdict,
    ).toBe('not yet');
  });

  it('the norm slope against ln t is read exactly; slope 1 holds, 0.37 is not yet, a stopped W contradicts', () => {
    const good = checkNormGrowth(
      series((t) => ({ normRatio: Math.log(t) + 3 })),
      ET,
    );
    expect(good.value).toBeCloseTo(1, 12);
    expect(good.verdict).toBe('holds');
    expect(good.threshold).toBe(`holds at slope ${NORM_SLOPE_RANGE[0]}–${NORM_SLOPE_RANGE[1]}`);
    const slow = checkNormGrowth(
      moving((t) => ({ normRatio: 0.37 * Math.log(t) })),
      ET,
    );
    expect(slow.value).toBeCloseTo(0.37, 12);
    expect(slow.verdict).toBe('not yet');
    const flat = checkNormGrowth(
      series(() => ({ normRatio: 4 })),
      ET,
    );
    expect(flat.value).toBe(0);
    expect(flat.verdict).toBe('contradicted');
  });

  it('t·loss with loss = 5/t is level; loss = 1/√t is not yet; a floor or an exact 0 contradicts', () => {
    const good = checkTLoss(
      moving((t) => ({ loss: 5 / t })),
      ET,
    );
    expect(good.value).toBeCloseTo(1, 12);
    expect(good.verdict).toBe('holds');
    // a positive loss floor (squared loss) makes t·loss grow tenfold per decade
    expect(
      checkTLoss(
        moving(() => ({ loss: 0.3 })),
        ET,
      ).verdict,
    ).toBe('contradicted');
    // loss = 1/√t is on its way down but not Θ(1/t): t·loss grows √10 ≈ 3.2× per decade
    expect(
      checkTLoss(
        moving((t) => ({ loss: 1 / Math.sqrt(t) })),
        ET,
      ).verdict,
    ).toBe('not yet');
    // a loss that reaches exactly 0 (hinge) has no 1/t tail at all; the evidence names the first
    // checkpoint at 0 (t = 1000 here, not the last one) and a 0/0 ratio is shown as "loss 0", not ×NaN
    const zero = checkTLoss(
      moving((t) => ({ loss: t >= 1000 ? 0 : 1 / t })),
      ET,
    );
    expect(zero.verdict).toBe('contradicted');
    expect(zero.evidence).toBe('the loss is exactly 0 from t=1000 on: no 1/t tail');
    expect(zero.shown).toBe('loss 0');
  });

  it(`a margin ratio holds from ${MARGIN_HOLDS} on; 0.35 and rising is not yet; above 1 or stopped short contradicts`, () => {
    expect(
      checkMargin(
        moving((t) => ({ marginRatio: 1 - 1 / Math.log(t + 1) })),
        ET,
      ).verdict,
    ).toBe('holds');
    const low = checkMargin(
      moving((t) => ({ marginRatio: (0.35 * Math.log10(t)) / 5 })),
      ET,
    );
    expect(low.value).toBeCloseTo(0.35, 12);
    expect(low.verdict).toBe('not yet');
    expect(
      checkMargin(
        moving(() => ({ marginRatio: 1.01 })),
        ET,
      ).verdict,
    ).toBe('contradicted');
    expect(
      checkMargin(
        series(() => ({ marginRatio: 0.4 })),
        ET,
      ).verdict,
    ).toBe('contradicted');
  });

  it('every check waits for two decades of t', () => {
    const short = series(() => ({})).slice(0, 2);
    for (const check of [checkDistanceLog, checkNormGrowth, checkTLoss, checkMargin])
      expect(check(short, ET).verdict).toBe('n/a');
  });
});

/** The checkpoint series of each run of an experiment, from the float64 CPU engine. */
async function cpuSeries(
  changes: Partial<Experiment>,
): Promise<{ label: string; ctx: CheckContext; series: Checkpoint[] }[]> {
  const { experiment, errors } = validateExperiment({ data: 'paper', init: 'gaussian', ...changes });
  expect(errors).toEqual([]);
  const { runs } = expandRuns(experiment);
  const engine = new CpuEngine();
  await engine.load(runs);
  const series: Checkpoint[][] = runs.map(() => []);
  await runToEnd(engine, runs, { steps: experiment.steps }, (cps) => cps.forEach((c) => series[c.run].push(c)));
  engine.dispose();
  return runs.map((r, i) => ({ label: r.label, ctx: r, series: series[i] }));
}

/** The first checkpoint from which every later loss is exactly 0 (read off the series, not the check). */
const firstZero = (s: readonly Checkpoint[]) => s.find((_, i) => s.slice(i).every((q) => q.loss === 0))!.t;
const byId = (checks: TheoryCheck[]) => Object.fromEntries(checks.map((c) => [c.id, c]));

describe('theory checks on real runs of the CPU engine', () => {
  it('the paper set-up at t = 10⁵ (Figure B, seed 0): the distance holds; norm slope ~0.5 and margin ~0.35 are not yet', async () => {
    const [run] = await cpuSeries({
      n: 100,
      d: 10,
      k: 3,
      seeds: [0],
      losses: ['pairlog'],
      lrs: [0.1 / 3],
      steps: 100_000,
    });
    const c = byId(seriesChecks(run.series, run.ctx));
    expect(run.series.at(-1)!.distance).toBeCloseTo(0.1097, 3);
    expect(c['distance-log'].verdict).toBe('holds');
    expect(c['norm-growth'].value).toBeGreaterThan(0.45);
    expect(c['norm-growth'].value).toBeLessThan(0.6);
    expect(c['norm-growth'].verdict).toBe('not yet');
    expect(c.margin.value).toBeCloseTo(0.353, 2);
    expect(c.margin.verdict).toBe('not yet');
    expect(c['t-loss'].verdict).toBe('not yet');
    for (const check of Object.values(c)) expect(check.expected).toBe('holds');
  });

  it('hinge from W(0) = 0 at η = 0.01 stops: norm growth and distance fail, as predicted for a non-ET loss', async () => {
    const [run] = await cpuSeries({
      n: 100,
      d: 10,
      k: 3,
      seeds: [0],
      losses: ['hinge'],
      lrs: [0.01],
      init: 'zero',
      steps: 100_000,
    });
    const end = run.series.at(-1)!;
    expect(end.loss).toBe(0);
    const c = byId(seriesChecks(run.series, run.ctx));
    expect(c['t-loss'].evidence).toBe(`the loss is exactly 0 from t=${firstZero(run.series)} on: no 1/t tail`);
    for (const check of Object.values(c)) expect(check.shown, check.id).not.toContain('NaN');
    for (const id of ['norm-growth', 'distance-log', 't-loss'] as const) {
      expect(c[id].verdict, id).toBe('contradicted');
      expect(c[id].expected, id).toBe('fails');
      expect(c[id].label, id).toBe('fails, as predicted for a non-ET loss');
    }
    // on this data hinge stops next to Ŵ (a corner of the set where every margin is ≥ 1): said as it is
    expect(end.marginRatio).toBeGreaterThan(0.99);
    expect(c.margin.label).toBe('holds, though not predicted for a non-ET loss');
  });

  it('the ET vs non-ET preset (N = 30, d = 20, Gaussian W(0), η = 0.1): ET keeps going, hinge and squared stop', async () => {
    const runs = await cpuSeries({
      n: 30,
      d: 20,
      k: 3,
      seeds: [0],
      losses: ['pairlog', 'hinge', 'squared'],
      lrs: [0.1],
      steps: 10_000,
    });
    const [pairlog, hinge, squared] = runs.map((r) => byId(seriesChecks(r.series, r.ctx)));
    expect(pairlog['distance-log'].verdict).toBe('holds');
    expect(pairlog['norm-growth'].verdict).not.toBe('contradicted');
    for (const c of [hinge, squared]) {
      expect(c['distance-log'].label).toBe('fails, as predicted for a non-ET loss');
      expect(c['norm-growth'].label).toBe('fails, as predicted for a non-ET loss');
      expect(c.margin.label).toBe('fails, as predicted for a non-ET loss');
    }
    expect(runs[1].series.at(-1)!.distance).toBeGreaterThan(0.8);
    expect(runs[2].series.at(-1)!.distance).toBeGreaterThan(0.6);
    // hinge's loss is 0 long before the end: the check names that first checkpoint, not the last (10⁴)
    const zeroAt = firstZero(runs[1].series);
    expect(zeroAt).toBeLessThan(1000);
    expect(hinge['t-loss'].evidence).toBe(`the loss is exactly 0 from t=${zeroAt} on: no 1/t tail`);
    expect(hinge['t-loss'].shown).toBe('loss 0');
  });

  it('normalized GD: ‖W‖ ~ ln t and t·loss are not its predictions; its direction still converges', async () => {
    const [, ngd] = await cpuSeries({
      n: 100,
      d: 10,
      k: 3,
      seeds: [0],
      losses: ['pairlog'],
      optimizers: ['gd', 'ngd'],
      steps: 10_000,
    });
    const c = byId(seriesChecks(ngd.series, ngd.ctx));
    expect(c['norm-growth'].verdict).toBe('n/a');
    expect(c['norm-growth'].label).toBe('not a prediction for normalized GD');
    expect(c['t-loss'].expected).toBe('none');
    expect(c['distance-log'].verdict).toBe('holds');
    expect(c.margin.verdict).toBe('holds');
  });

  it('a run that diverges (exponential loss from a Gaussian start) contradicts every series check', async () => {
    const [run] = await cpuSeries({ n: 100, d: 10, k: 3, seeds: [0], losses: ['exp'], lrs: [0.1 / 3], steps: 1000 });
    expect(run.series.some((c) => c.status === 'diverged')).toBe(true);
    for (const check of seriesChecks(run.series, run.ctx)) {
      expect(check.verdict, check.id).toBe('contradicted');
      expect(check.label).toBe('contradicted: the run diverged');
      expect(check.shown).toBe('diverged');
    }
    // nor is a diverged hinge run a failure "as predicted": divergence says nothing about the tail
    expect(checkNormGrowth(run.series, { ...run.ctx, loss: 'hinge' }).label).toBe('contradicted: the run diverged');
  });
});

describe('row sums W·1', () => {
  it('measures the largest drift of a row sum, by hand', () => {
    const W0 = new Float64Array([1, 2, -3, 0, 0, 0]);
    const W = new Float64Array([2, 2, -3, 0.5, -0.25, 0]); // row 0 drifts by 1, row 1 by 0.25
    expect(rowSumDrift(W, W0, 3)).toBe(1);
    expect(checkRowSums(W, W0, 3, 1e-9, ET).verdict).toBe('contradicted');
    const moved = new Float64Array([3, 1, -4, 1, -1, 0]); // same row sums as W0, different entries
    expect(rowSumDrift(moved, W0, 3)).toBe(0);
    expect(checkRowSums(moved, W0, 3, 1e-12, ET).verdict).toBe('holds');
  });
});

describe('exponential-tail bounds on −∂ψ/∂u₁', () => {
  // Cross-entropy, K = 3: −∂ψ/∂u₁ = e^{−u₁}/(1 + e^{−u₁} + e^{−u₂}), written out independently.
  const ceWeight = (u1: number, u2: number) => Math.exp(-u1) / (1 + Math.exp(-u1) + Math.exp(-u2));
  it('sandwich the cross-entropy weight in the positive orthant', () => {
    for (const u1 of [0.1, 0.5, 1, 2, 5, 10]) {
      for (const u2 of [0.1, 1, 3, 8]) {
        const { upper, lower } = etBounds([u1, u2]);
        const w = ceWeight(u1, u2);
        expect(w).toBeLessThanOrEqual(upper);
        expect(w).toBeGreaterThanOrEqual(lower);
      }
    }
  });
  it('have the closed forms e^{−u₁} and (1 − e^{−u₁} − e^{−u₂}) e^{−u₁}', () => {
    const { upper, lower } = etBounds([2, 3]);
    expect(upper).toBeCloseTo(0.1353352832366127, 15);
    expect(lower).toBeCloseTo((1 - 0.1353352832366127 - 0.049787068367863944) * 0.1353352832366127, 15);
  });
});
