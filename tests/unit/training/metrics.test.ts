import { describe, expect, it } from 'vitest';
import { accuracy, computeMetrics, directionMetrics } from '../../../src/core/training/metrics.ts';
import type { Problem } from '../../../src/core/types.ts';
import { trianglePoints } from '../helpers/hand-problems.ts';

describe('directionMetrics', () => {
  it('gives the known angle, distance and norm ratio for 2×2 cases', () => {
    const What = Float64Array.of(1, 0, 0, 0); // ‖Ŵ‖ = 1
    const at45 = directionMetrics(Float64Array.of(3, 3, 0, 0), What, 1);
    expect(at45.angle).toBeCloseTo(Math.PI / 4, 15);
    expect(at45.normRatio).toBeCloseTo(3 * Math.SQRT2, 14);
    expect(at45.distance ** 2).toBeCloseTo(2 - 2 * Math.cos(Math.PI / 4), 15);
    const opposite = directionMetrics(Float64Array.of(-2, 0, 0, 0), What, 1);
    expect(opposite.angle).toBeCloseTo(Math.PI, 15);
    expect(opposite.distance).toBeCloseTo(2, 15);
    const orthogonal = directionMetrics(Float64Array.of(0, 0, 0, 5), Float64Array.of(0, 2, 0, 0), 2);
    expect(orthogonal.angle).toBeCloseTo(Math.PI / 2, 15);
    expect(orthogonal.distance).toBeCloseTo(Math.SQRT2, 15);
    expect(orthogonal.normRatio).toBeCloseTo(2.5, 15);
  });

  it('satisfies distance² = 2 − 2cos(angle) for many directions', () => {
    for (let t = 0.05; t < 3.1; t += 0.17) {
      const W = Float64Array.of(Math.cos(t), 0.5 * Math.sin(t), Math.sin(t) * 0.3, -Math.sin(t));
      const What = Float64Array.of(2, 0, 0, 0);
      const cos = W[0] / Math.hypot(...W);
      const m = directionMetrics(W, What, 2);
      expect(m.distance ** 2).toBeCloseTo(2 - 2 * cos, 13);
      expect(Math.cos(m.angle)).toBeCloseTo(cos, 13);
    }
  });

  it('resolves an angle of 1e-9 rad where acos(cos) would give 0 or ~1.5e-8', () => {
    const theta = 1e-9;
    const What = Float64Array.of(0.6, 0.8, 0, 0); // unit
    const perp = Float64Array.of(-0.8, 0.6, 0, 0);
    const W = What.map((b, i) => 7 * (Math.cos(theta) * b + Math.sin(theta) * perp[i]));
    const m = directionMetrics(W, What, 1);
    expect(Math.abs(m.angle - theta) / theta).toBeLessThan(1e-6);
    expect(Math.abs(m.distance - 2 * Math.sin(theta / 2)) / theta).toBeLessThan(1e-6);
  });

  it('has no direction at W = 0: normRatio 0, angle and distance NaN', () => {
    const m = directionMetrics(new Float64Array(4), Float64Array.of(1, 0, 0, 0), 1);
    expect(m.normRatio).toBe(0);
    expect(m.angle).toBeNaN();
    expect(m.distance).toBeNaN();
  });
});

describe('computeMetrics', () => {
  const problem = trianglePoints();

  it('is exact at W = c·Ŵ: angle 0, margin ratio 1, full accuracy', () => {
    const W = problem.svm.W.map((x) => 3 * x);
    const m = computeMetrics(W, problem, 'pairlog');
    expect(m.normRatio).toBeCloseTo(3, 14);
    expect(m.angle).toBeLessThan(1e-7);
    expect(m.distance).toBeLessThan(1e-7);
    expect(m.marginRatio).toBeCloseTo(1, 13);
    expect(m.margin).toBeCloseTo(1 / problem.svm.normF, 13);
    expect(m.trainAcc).toBe(1);
    expect(m.testAcc).toBe(2 / 3); // the third test point (−0.2, 2) lies in class 1's cone but is labelled 0
  });

  it('computes the mean loss and margin by an independent per-example loop', () => {
    const W = Float64Array.of(0.3, -1, 0.7, 1.2, 0.1, -1.3);
    const { X, y, n } = problem.train;
    let loss = 0;
    let minMargin = Infinity;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const s = [0, 1, 2].map((c) => X[2 * i] * W[c] + X[2 * i + 1] * W[3 + c]);
      const others = [0, 1, 2].filter((c) => c !== y[i]);
      loss += -s[y[i]] + Math.log(s.reduce((a, v) => a + Math.exp(v), 0));
      const mi = Math.min(...others.map((c) => s[y[i]] - s[c]));
      minMargin = Math.min(minMargin, mi);
      if (mi > 0) correct++;
    }
    const m = computeMetrics(W, problem, 'ce');
    const normW = Math.hypot(...W);
    expect(m.loss).toBeCloseTo(loss / n, 14);
    expect(m.margin).toBeCloseTo(minMargin / normW, 14);
    expect(m.marginRatio).toBeCloseTo((minMargin / normW) * problem.svm.normF, 14);
    expect(m.trainAcc).toBe(correct / n);
    expect(m.trainAcc).toBeLessThan(1);
    const cos = W.reduce((a, w, i) => a + w * problem.svm.W[i], 0) / (normW * problem.svm.normF);
    expect(Math.cos(m.angle)).toBeCloseTo(cos, 14);
  });

  it('reports W = 0 as loss ψ(0), normRatio 0, NaN direction and margin, accuracy 0', () => {
    const m = computeMetrics(new Float64Array(6), problem, 'pairlog');
    expect(m.loss).toBeCloseTo(2 * Math.log(2), 15);
    expect(m.normRatio).toBe(0);
    for (const key of ['angle', 'distance', 'margin', 'marginRatio'] as const) expect(m[key]).toBeNaN();
    expect(m.trainAcc).toBe(0);
  });

  it('leaves testAcc out when the problem has no test set', () => {
    const noTest: Problem = { ...problem, test: undefined };
    expect('testAcc' in computeMetrics(problem.svm.W, noTest, 'exp')).toBe(false);
    expect(accuracy(problem.svm.W, problem.train)).toBe(1);
  });
});
