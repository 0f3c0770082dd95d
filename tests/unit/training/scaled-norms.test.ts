// Norms and metrics of W far from 1 (W after one step of η = 1e-200, or ×1e200): Σ w² under- or overflows
// long before the norm does, which once printed ‖W‖_F = 0 and no angle for a W ≠ 0. Every norm must scale
// exactly with a power of two and agree with hand values at entries ~1e-200 and ~1e200.
import { describe, expect, it } from 'vitest';
import { frobeniusNorm, scaleToUnitRange } from '../../../src/core/linalg/power-of-two-scale.ts';
import { computeMetrics, directionMetrics } from '../../../src/core/training/metrics.ts';
import { marginRatios, matrixNorm, NORM_NAMES, singularValues } from '../../../src/core/max-margin/matrix-norms.ts';
import { trianglePoints } from '../helpers/hand-problems.ts';

/** 3×2 with orthogonal columns (3, 0, 0) and (0, 4, 0): ‖·‖_F 5, max 4, ℓ1 7, σ = (4, 3), nuclear 7. */
const V = Float64Array.of(3, 0, 0, 4, 0, 0);
const V_NORMS = { fro: 5, max: 4, l1: 7, spectral: 4, nuclear: 7 } as const;

/** A full 3×2 matrix with no zero entry and nothing special about it. */
const M = Float64Array.of(0.7, -1.3, 2.1, 0.4, -0.9, 1.6);

describe('scaleToUnitRange', () => {
  it('divides by the power of two below the largest |entry| and leaves W = 0 alone', () => {
    expect(scaleToUnitRange(Float64Array.of(3, -8, 0.5))).toEqual({
      scaled: Float64Array.of(0.375, -1, 0.0625),
      exponent: 3,
    });
    expect(scaleToUnitRange(Float64Array.of(1e-200)).exponent).toBe(-665); // 2^-665 ≈ 7.8e-201 ≤ 1e-200 < 2^-664
    expect(scaleToUnitRange(new Float64Array(3))).toEqual({ scaled: new Float64Array(3), exponent: 0 });
    expect(scaleToUnitRange(Float64Array.of(5e-324)).scaled[0]).toBe(1);
  });
});

describe('matrix norms at any scale', () => {
  it('are the hand values times 2^e, exactly, for e from −1020 to 1020', () => {
    for (let e = -1020; e <= 1020; e += 17) {
      const W = V.map((v) => v * 2 ** e);
      for (const p of NORM_NAMES) expect(matrixNorm(W, 3, 2, p), `${p} at 2^${e}`).toBe(V_NORMS[p] * 2 ** e);
    }
  });

  it('scale exactly with powers of two on a full matrix, every norm', () => {
    const base = Object.fromEntries(NORM_NAMES.map((p) => [p, matrixNorm(M, 3, 2, p)]));
    for (const e of [-1000, -700, -540, -300, 300, 540, 700, 1000]) {
      const W = M.map((v) => v * 2 ** e);
      for (const p of NORM_NAMES) expect(matrixNorm(W, 3, 2, p), `${p} at 2^${e}`).toBe(base[p] * 2 ** e);
    }
  });

  it('match the hand values at entries ~1e-200 and ~1e200 (Σ w² underflows to 0 / overflows to ∞)', () => {
    for (const s of [1e-200, 1e200]) {
      const W = V.map((v) => v * s);
      for (const p of NORM_NAMES)
        expect(Math.abs(matrixNorm(W, 3, 2, p) / (V_NORMS[p] * s) - 1), p).toBeLessThan(4e-16);
      expect(Math.abs(frobeniusNorm(W) / (5 * s) - 1)).toBeLessThan(4e-16);
    }
    // rank one u vᵀ, u = (1, 2, 2)·s, v = (3, 4): σ = (15 s, 0)
    const s = 1e-200;
    const rankOne = Float64Array.of(3 * s, 4 * s, 6 * s, 8 * s, 6 * s, 8 * s);
    const sigma = singularValues(rankOne, 3, 2);
    expect(Math.abs(sigma[0] / (15 * s) - 1)).toBeLessThan(1e-15);
    expect(sigma[1] / sigma[0]).toBeLessThan(1e-15);
  });

  it('are 0 for W = 0 only: the smallest subnormal entries still give a nonzero norm', () => {
    for (const p of NORM_NAMES) expect(matrixNorm(new Float64Array(6), 3, 2, p)).toBe(0);
    // √2 · 2^-1074 rounds to 2^-1074 on the subnormal grid; Σ w² = 0 gave 0
    expect(frobeniusNorm(Float64Array.of(5e-324, 0, 5e-324))).toBe(5e-324);
    for (const p of NORM_NAMES) expect(matrixNorm(Float64Array.of(5e-324, 0, 0, 0, 0, 0), 3, 2, p), p).toBe(5e-324);
  });
});

describe('metrics of a tiny or huge W', () => {
  const problem = trianglePoints();

  it('give W = 2^e·V the angle, distance and margin of V and 2^e times its norm ratio, exactly', () => {
    const W0 = Float64Array.of(1.1, -0.4, -0.6, 0.2, 0.9, -1.2);
    const base = computeMetrics(W0, problem, 'pairlog');
    for (const e of [-1000, -665, -540, 540, 665, 1000]) {
      const m = computeMetrics(
        W0.map((v) => v * 2 ** e),
        problem,
        'pairlog',
      );
      expect(m.normRatio, `2^${e}`).toBe(base.normRatio * 2 ** e);
      expect(m.angle).toBe(base.angle);
      expect(m.distance).toBe(base.distance);
      expect(m.margin).toBe(base.margin);
      expect(m.marginRatio).toBe(base.marginRatio);
      expect(m.trainAcc).toBe(base.trainAcc);
      expect(m.testAcc).toBe(base.testAcc);
    }
  });

  it('read W = 1e-200·(3, 3, 0, 0) against Ŵ = e₁ as 45°, not as W = 0', () => {
    const m = directionMetrics(Float64Array.of(3e-200, 3e-200, 0, 0), Float64Array.of(1, 0, 0, 0), 1);
    expect(Math.abs(m.normRatio / (3 * Math.SQRT2 * 1e-200) - 1)).toBeLessThan(1e-15);
    expect(m.angle).toBeCloseTo(Math.PI / 4, 15);
    expect(m.distance ** 2).toBeCloseTo(2 - Math.SQRT2, 15);
    const huge = directionMetrics(Float64Array.of(3e200, 3e200, 0, 0), Float64Array.of(1, 0, 0, 0), 1);
    expect(Math.abs(huge.normRatio / (3 * Math.SQRT2 * 1e200) - 1)).toBeLessThan(1e-15);
    expect(huge.angle).toBeCloseTo(Math.PI / 4, 15);
  });

  it('find Ŵ·1e-200 at angle 0 with margin ratio 1 and every ρ_p of Ŵ', () => {
    const gammas = { fro: 1 / problem.svm.normF, max: 0.5, l1: 0.25, spectral: 0.75, nuclear: 0.3 };
    const atWhat = marginRatios(problem.svm.W, problem.train, gammas);
    for (const s of [1e-200, 1e200, 2 ** -1000]) {
      const W = problem.svm.W.map((v) => v * s);
      const m = computeMetrics(W, problem, 'pairlog');
      expect(m.angle).toBeLessThan(1e-7);
      expect(m.marginRatio).toBeCloseTo(1, 13);
      expect(m.trainAcc).toBe(1);
      const rho = marginRatios(W, problem.train, gammas);
      expect(rho.fro).toBeCloseTo(1, 13);
      for (const p of NORM_NAMES) expect(rho[p]! / atWhat[p]! - 1, p).toBeCloseTo(0, 13);
    }
    expect(Object.values(marginRatios(new Float64Array(6), problem.train, gammas))).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});
