import { describe, expect, it } from 'vitest';
import { checkDistanceLog, checkMargin, checkNormGrowth, checkRowSums, checkTLoss, etBounds, rowSumDrift } from '../../src/core/theory.ts';
import type { Checkpoint } from '../../src/core/types.ts';

const TS = [1, 10, 100, 1_000, 10_000, 100_000];

function series(f: (t: number) => Partial<Checkpoint>): Checkpoint[] {
  return TS.map((t) => ({
    run: 0, t, loss: 1, normRatio: 1, angle: 0, distance: 1, margin: 0, marginRatio: 0, trainAcc: 1, status: 'running', ...f(t),
  }));
}

describe('theory checks on synthetic trajectories with known behaviour', () => {
  it('distance = 2/ln t is bounded after multiplying by ln t; a constant distance is not', () => {
    const good = checkDistanceLog(series((t) => ({ distance: 2 / Math.log(t) })));
    expect(good.verdict).toBe('holds');
    expect(good.value).toBeCloseTo(2, 12);
    expect(checkDistanceLog(series(() => ({ distance: 0.5 }))).verdict).toBe('fails');
  });

  it('the norm slope against ln t is read exactly from ln t + 3 (slope 1) and from a constant (slope 0)', () => {
    const good = checkNormGrowth(series((t) => ({ normRatio: Math.log(t) + 3 })));
    expect(good.value).toBeCloseTo(1, 12);
    expect(good.verdict).toBe('holds');
    const flat = checkNormGrowth(series(() => ({ normRatio: 4 })));
    expect(flat.value).toBe(0);
    expect(flat.verdict).toBe('fails');
  });

  it('t·loss with loss = 5/t is level; loss = 1/√t is not', () => {
    const good = checkTLoss(series((t) => ({ loss: 5 / t })));
    expect(good.value).toBeCloseTo(5, 12);
    expect(good.verdict).toBe('holds');
    // a positive loss floor (squared loss) makes t·loss grow tenfold per decade
    expect(checkTLoss(series(() => ({ loss: 0.3 }))).verdict).toBe('fails');
    // loss = 1/√t is on its way down but not Θ(1/t): t·loss grows √10 ≈ 3.2× per decade
    expect(checkTLoss(series((t) => ({ loss: 1 / Math.sqrt(t) }))).verdict).toBe('not yet');
    // a loss that reaches exactly 0 (hinge) has no 1/t tail at all
    expect(checkTLoss(series((t) => ({ loss: t >= 1000 ? 0 : 1 / t }))).verdict).toBe('fails');
  });

  it('a margin ratio rising towards 1 holds, a falling one fails', () => {
    expect(checkMargin(series((t) => ({ marginRatio: 1 - 1 / Math.log(t + 1) }))).verdict).toBe('holds');
    expect(checkMargin(series((t) => ({ marginRatio: 1 / Math.log(t + 2) }))).verdict).toBe('fails');
  });

  it('every check waits for two decades of t', () => {
    const short = series(() => ({})).slice(0, 2);
    for (const check of [checkDistanceLog, checkNormGrowth, checkTLoss, checkMargin]) expect(check(short).verdict).toBe('n/a');
  });
});

describe('row sums W·1', () => {
  it('measures the largest drift of a row sum, by hand', () => {
    const W0 = new Float64Array([1, 2, -3, 0, 0, 0]);
    const W = new Float64Array([2, 2, -3, 0.5, -0.25, 0]); // row 0 drifts by 1, row 1 by 0.25
    expect(rowSumDrift(W, W0, 3)).toBe(1);
    expect(checkRowSums(W, W0, 3, 1e-9).verdict).toBe('fails');
    const moved = new Float64Array([3, 1, -4, 1, -1, 0]); // same row sums as W0, different entries
    expect(rowSumDrift(moved, W0, 3)).toBe(0);
    expect(checkRowSums(moved, W0, 3, 1e-12).verdict).toBe('holds');
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
