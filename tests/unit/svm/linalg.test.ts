import { describe, expect, it } from 'vitest';
import type { ConstraintFamily } from '../../../src/core/svm/constraint-family.ts';
import { solveMinNormQp } from '../../../src/core/svm/min-norm-qp.ts';
import { addScaledPair } from '../../../src/core/linalg/compensated.ts';
import { TriangularFactor } from '../../../src/core/linalg/triangular-factor.ts';
import { NumpyRandomState } from '../../../src/core/data/numpy-rng.ts';

/** Columns of a dense matrix, as plain arrays. */
function randomColumns(rng: NumpyRandomState, rows: number, cols: number): number[][] {
  return Array.from({ length: cols }, () => Array.from(rng.randnArray(rows)));
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** Appends column a to the factor of `columns` the way the active-set solver does: above = R⁻ᵀAᵀa, diagonal = ‖a − A R⁻¹ above‖. */
function appendColumn(factor: TriangularFactor, columns: number[][], a: number[]): void {
  const above = factor.solveTransposed(columns.map((c) => dot(c, a)));
  const r = factor.solve(above);
  const residual = a.map((v, e) => v - columns.reduce((s, c, j) => s + r[j] * c[e], 0));
  factor.append(above, Math.sqrt(dot(residual, residual)));
  columns.push(a);
}

function maxGramError(factor: TriangularFactor, columns: number[][]): number {
  const q = factor.order;
  let worst = 0;
  for (let a = 0; a < q; a++) {
    for (let b = 0; b < q; b++) {
      let rtr = 0;
      for (let m = 0; m <= Math.min(a, b); m++) rtr += factor.at(m, a) * factor.at(m, b);
      worst = Math.max(worst, Math.abs(rtr - dot(columns[a], columns[b])));
    }
  }
  return worst;
}

describe('TriangularFactor', () => {
  it('keeps RᵀR equal to the Gram matrix of its columns through appends and removals', () => {
    const rng = new NumpyRandomState(7);
    const pool = randomColumns(rng, 9, 8);
    const factor = new TriangularFactor(9);
    const columns: number[][] = [];
    for (const a of pool.slice(0, 6)) appendColumn(factor, columns, a);
    expect(factor.order).toBe(6);
    expect(maxGramError(factor, columns)).toBeLessThan(1e-12);
    for (const index of [2, 0, 3]) {
      factor.remove(index);
      columns.splice(index, 1);
      expect(maxGramError(factor, columns)).toBeLessThan(1e-12);
    }
    for (const a of pool.slice(6)) appendColumn(factor, columns, a);
    expect(factor.order).toBe(5);
    expect(maxGramError(factor, columns)).toBeLessThan(1e-12);
    // the diagonal stays positive, so R is the (unique) Cholesky factor of the Gram matrix
    for (let j = 0; j < factor.order; j++) expect(factor.at(j, j)).toBeGreaterThan(0);
  });

  it('solves R x = b and Rᵀ x = b', () => {
    const factor = new TriangularFactor(4);
    factor.append([], 2);
    factor.append([1], 4);
    factor.append([-1, 3], 0.5);
    // R = [[2, 1, -1], [0, 4, 3], [0, 0, 0.5]]
    // R [1, 2, 4] = [0, 20, 2]
    expect(Array.from(factor.solve([0, 20, 2]))).toEqual([1, 2, 4]);
    // Rᵀ [1, 2, 4] = [2, 9, 7]
    expect(Array.from(factor.solveTransposed([2, 9, 7]))).toEqual([1, 2, 4]);
  });

  it('refuses a non-positive diagonal and overflowing its capacity', () => {
    const factor = new TriangularFactor(1);
    expect(() => factor.append([], 0)).toThrow(/positive/);
    factor.append([], 1);
    expect(() => factor.append([0], 1)).toThrow(/capacity/);
  });
});

/** Dense constraints a_cᵀw ≥ 1 given as rows. */
function denseFamily(rows: number[][]): ConstraintFamily {
  const n = rows[0].length;
  return {
    dimension: n,
    count: rows.length,
    rank: n,
    products: (w, out) => rows.forEach((a, c) => (out[c] = dot(a, w))),
    dot: (c, v) => dot(rows[c], v),
    addScaled: (target, c, coef) => rows[c].forEach((v, e) => (target[e] += coef * v)),
    addScaledCompensated: (hi, lo, c, coef) => rows[c].forEach((v, e) => addScaledPair(hi, lo, e, coef, v)),
    pairDot: (c, e) => dot(rows[c], rows[e]),
    norm: (c) => Math.sqrt(dot(rows[c], rows[c])),
  };
}

describe('solveMinNormQp', () => {
  it('finds the minimum-norm point of a polyhedron with a hand-solved answer', () => {
    // w ≥ 1 componentwise in 2-D plus a redundant w1 + w2 ≥ 1: the optimum is (1, 1) with α = (1, 1, 0).
    const result = solveMinNormQp(
      denseFamily([
        [1, 0],
        [0, 1],
        [1, 1],
        [2, 0],
      ]),
      { tolerance: 1e-12, maxSteps: 100 },
    );
    expect(result.kind).toBe('optimal');
    if (result.kind !== 'optimal') return;
    expect(Array.from(result.w)).toEqual([1, 1]);
    const alphaOf = new Map(result.active.map((c, j) => [c, result.alpha[j]]));
    expect(alphaOf.get(0)).toBeCloseTo(1, 14);
    expect(alphaOf.get(1)).toBeCloseTo(1, 14);
    expect(alphaOf.has(2)).toBe(false);
  });

  it('returns a Gordan ray for infeasible constraints', () => {
    // w1 ≥ 1, w2 ≥ 1 and −w1 − w2 ≥ 1 cannot hold together: the three normals sum to 0.
    const rows = [
      [1, 0],
      [0, 1],
      [-1, -1],
    ];
    const result = solveMinNormQp(denseFamily(rows), { tolerance: 1e-12, maxSteps: 100 });
    expect(result.kind).toBe('infeasible');
    if (result.kind !== 'infeasible') return;
    const total = [...result.weights.values()].reduce((a, b) => a + b, 0);
    const combination = [0, 0];
    for (const [c, beta] of result.weights) {
      expect(beta).toBeGreaterThan(0);
      rows[c].forEach((v, e) => (combination[e] += (beta / total) * v));
    }
    expect(result.weights.size).toBe(3);
    expect(Math.hypot(...combination)).toBeLessThan(1e-14);
  });

  it('reports running out of steps instead of looping', () => {
    const result = solveMinNormQp(
      denseFamily([
        [1, 0],
        [0, 1],
        [1, 2],
      ]),
      {
        tolerance: 1e-12,
        maxSteps: 1,
        warmStartEpochs: 0,
      },
    );
    expect(result).toEqual({ kind: 'out of steps', steps: 2 });
  });
});
