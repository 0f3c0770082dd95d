// The predicted norm of a run (core/predicted-bias.ts): one function for the theory panel's checks and the
// optimizer × norm heat map. Adam with ε > 0 is the one case that depends on the time scale.
import { describe, expect, it } from 'vitest';
import { normHeatRows } from '../../../src/app/charts/norm-heat.ts';
import { getLoss } from '../../../src/core/training/losses.ts';
import { DEFAULT_OPTIMIZER_PARAMS, OPTIMIZER_NAMES, OPTIMIZERS } from '../../../src/core/training/optimizers.ts';
import {
  FAR_BELOW_EPS,
  gradientEntryBound,
  maxAbsEntry,
  predictedBias,
} from '../../../src/core/theory/predicted-bias.ts';
import { seriesChecks } from '../../../src/core/theory/prediction-checks.ts';
import type { Checkpoint, LossName } from '../../../src/core/types.ts';

/** R(W) = (1/N) Σ L_{y_i}(Wᵀx_i), W d×K row-major, X N×d row-major: the plain definition. */
function meanLoss(
  loss: LossName,
  W: Float64Array,
  X: Float64Array,
  y: readonly number[],
  d: number,
  k: number,
): number {
  const s = new Float64Array(k);
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    for (let c = 0; c < k; c++) {
      let v = 0;
      for (let j = 0; j < d; j++) v += W[j * k + c] * X[i * d + j];
      s[c] = v;
    }
    sum += getLoss(loss).valueGrad(s, 0, y[i], k);
  }
  return sum / y.length;
}

/** max_jk |∂R/∂W_jk| by central differences, an independent reference for the gradient. */
function maxGradientEntry(
  loss: LossName,
  W: Float64Array,
  X: Float64Array,
  y: readonly number[],
  d: number,
  k: number,
): number {
  let worst = 0;
  for (let q = 0; q < W.length; q++) {
    const h = 1e-6 * Math.max(1, Math.abs(W[q]));
    const up = W.slice();
    up[q] += h;
    const down = W.slice();
    down[q] -= h;
    worst = Math.max(worst, Math.abs((meanLoss(loss, up, X, y, d, k) - meanLoss(loss, down, X, y, d, k)) / (2 * h)));
  }
  return worst;
}

/** A small deterministic pseudo-random stream in [−1, 1). */
function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31 - 1;
}

const point = (t: number, loss: number): Checkpoint => ({
  run: 0,
  t,
  loss,
  normRatio: Math.log(t),
  angle: 0.5 / Math.log(t),
  distance: 0.5 / Math.log(t),
  margin: 0.1,
  marginRatio: 1 - 1 / Math.log(t),
  trainAcc: 1,
  status: 'running',
});

describe('predicted norm per optimizer', () => {
  it("is the table's norm at every time scale for all but Adam with ε > 0", () => {
    for (const optimizer of OPTIMIZER_NAMES) {
      const p = predictedBias({ optimizer, optim: { ...DEFAULT_OPTIMIZER_PARAMS, eps: 0 } });
      expect([p.norm, p.eventual, p.early], optimizer).toEqual([
        OPTIMIZERS[optimizer].bias,
        OPTIMIZERS[optimizer].bias,
        undefined,
      ]);
    }
    expect(predictedBias({ optimizer: 'adam', optim: { ...DEFAULT_OPTIMIZER_PARAMS, eps: 0 } }).norm).toBe('max');
  });

  it('for Adam with ε > 0: max-norm early, Frobenius eventually, and no prediction until the gradients are provably far below ε', () => {
    const X = new Float64Array([0.5, -2, 1, 0.25]); // max |x| = 2
    const run = { optimizer: 'adam' as const, loss: 'ce' as const, problem: { train: { X } } };
    const eps = DEFAULT_OPTIMIZER_PARAMS.eps;
    const before = predictedBias(run); // no checkpoint yet; no optim: ε = 1e-8
    expect([before.norm, before.early, before.eventual, before.gradientBound]).toEqual([null, 'max', 'fro', undefined]);
    const limitLoss = (FAR_BELOW_EPS * eps) / 2; // the loss at which the bound max|x|·R reaches FAR_BELOW_EPS·ε
    const early = predictedBias(run, limitLoss * 1.01);
    expect(early.norm).toBeNull();
    expect(early.gradientBound).toBeCloseTo(2 * limitLoss * 1.01, 20);
    expect(early.why).toMatch(/not yet ≤ 0\.01·ε/);
    const late = predictedBias(run, limitLoss * 0.99);
    expect([late.norm, late.eventual]).toEqual(['fro', 'fro']);
    // a larger ε dominates sooner: the same loss settles it
    expect(predictedBias({ ...run, optim: { ...DEFAULT_OPTIMIZER_PARAMS, eps: 1e-6 } }, limitLoss * 1.01).norm).toBe(
      'fro',
    );
    // no bound for a loss without an exponential tail, nor without the inputs
    expect(predictedBias({ ...run, loss: 'hinge' }, 0).norm).toBeNull();
    expect(predictedBias({ optimizer: 'adam', loss: 'ce' }, 0).norm).toBeNull();
  });
});

describe('the bound on the gradient entries', () => {
  const d = 3;
  const k = 4;
  const next = stream(7);
  const X = new Float64Array(5 * d).map(() => 3 * next());
  const y = [0, 1, 2, 3, 1];
  it('bounds every entry of ∇R (finite differences) for the exponential-tail losses, and is nearly tight far out', () => {
    for (const loss of ['ce', 'pairlog', 'exp'] as const) {
      for (const scale of [0.1, 1, 4]) {
        const W = new Float64Array(d * k).map(() => scale * next());
        const bound = gradientEntryBound(loss, meanLoss(loss, W, X, y, d, k), maxAbsEntry(X))!;
        expect(maxGradientEntry(loss, W, X, y, d, k), `${loss} ×${scale}`).toBeLessThanOrEqual(bound * (1 + 1e-6));
      }
      // one point x = 1 at margin u = 20 (K = 2): |∂R/∂W| = c(20) and R = f(20), equal up to e^{−20}
      const one = new Float64Array([1]);
      const W = new Float64Array([10, -10]);
      const bound = gradientEntryBound(loss, meanLoss(loss, W, one, [0], 1, 2), 1)!;
      expect(maxGradientEntry(loss, W, one, [0], 1, 2) / bound, loss).toBeGreaterThan(0.999);
    }
  });
  it('is not given for losses without an exponential tail', () => {
    for (const loss of ['hinge', 'squared', 'poly'] as const) expect(gradientEntryBound(loss, 0.1, 1)).toBeUndefined();
  });
});

describe('the theory checks and the heat map read the same prediction', () => {
  const X = new Float64Array([1, 0, 0, 1, -1, 0.5]);
  const problem = { train: { X } };
  const base = { loss: 'ce' as const, schedule: 'const' as const, problem };
  const runs = [
    { ...base, label: 'gd', optimizer: 'gd' as const },
    { ...base, label: 'sign', optimizer: 'sign' as const },
    { ...base, label: 'adam ε=0', optimizer: 'adam' as const, optim: { ...DEFAULT_OPTIMIZER_PARAMS, eps: 0 } },
    { ...base, label: 'adam ε=1e-8', optimizer: 'adam' as const, optim: { ...DEFAULT_OPTIMIZER_PARAMS, eps: 1e-8 } },
    { ...base, label: 'adam ε=1e-2', optimizer: 'adam' as const, optim: { ...DEFAULT_OPTIMIZER_PARAMS, eps: 1e-2 } },
  ];
  // the loss ends at 1e-6: max|x|·R = 1e-6, far below ε = 1e-2 (bound 1e-4) but not below ε = 1e-8
  const series = [10, 100, 1000, 10000].map((t) => point(t, 1e-2 / t));

  it('outlines the Frobenius cell exactly where the checks hold the run to Ŵ', () => {
    const rows = normHeatRows(
      runs,
      runs.map(() => series),
    );
    expect(rows.map((r) => r.predicted)).toEqual(['fro', 'max', 'max', null, 'fro']);
    runs.forEach((run, i) => {
      const distance = seriesChecks(series, run)[0];
      expect(distance.expected !== 'none', run.label).toBe(rows[i].predicted === 'fro');
    });
  });

  it('says "not a prediction yet" for Adam with ε before ε dominates, and dashes both norms it heads for', () => {
    const rows = normHeatRows(
      runs,
      runs.map(() => series),
    );
    expect(rows[3].cells.filter((c) => c.tentative).map((c) => c.norm)).toEqual(['fro', 'max']);
    expect(rows[3].cells.some((c) => c.predicted)).toBe(false);
    for (const row of [rows[0], rows[1], rows[2], rows[4]]) expect(row.cells.some((c) => c.tentative)).toBe(false);
    const checks = seriesChecks(series, runs[3]);
    expect(checks.every((c) => c.verdict === 'n/a' && c.expected === 'none')).toBe(true);
    expect(checks[0].label).toBe(
      'not a prediction yet: adam with ε > 0 heads for the max-norm solution while its gradients are far above ε and for Ŵ ' +
        'only once they fall far below ε (its gradient entries are at most 1.0e-6, not yet ≤ 0.01·ε)',
    );
    // once ε dominates, the distance and margin checks hold Adam to Ŵ; ln t growth and t·loss stay GD's claims
    const settled = seriesChecks(series, runs[4]);
    expect(settled.map((c) => c.expected)).toEqual(['holds', 'none', 'none', 'holds']);
    expect(settled[0].verdict).toBe('holds');
    expect(settled[1].label).toBe("not a prediction for Adam (GD's step only up to momentum and 1/ε)");
  });
});
