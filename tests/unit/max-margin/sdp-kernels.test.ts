// The dense kernels under the interior-point max-margin solvers, each against an independent reference:
// the Cholesky factor against L·Lᵀ = A, the Gram product against plain sums, and the pair barrier's
// gradient and Hessian (built in the class basis, then changed to the centred basis) against central finite
// differences of its value and gradient.
import { describe, expect, it } from 'vitest';
import { makePaperData } from '../../../src/core/data/paper.ts';
import { addGramUpper, choleskyInPlace } from '../../../src/core/linalg/dense-factor.ts';
import { centredBasis } from '../../../src/core/linalg/sym-eigen.ts';
import { PairConstraints } from '../../../src/core/max-margin/pair-barrier.ts';
import { solveSvm } from '../../../src/core/svm/svm-solver.ts';
import { centralDifferenceErrors } from '../helpers/finite-differences.ts';

/** deterministic values in (−1, 1) */
const wave = (i: number) => Math.sin(1.7 * i + 0.3 * Math.cos(i));

function spd(n: number): Float64Array {
  const B = Float64Array.from({ length: n * n }, (_, i) => wave(i));
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? 0.5 : 0;
      for (let k = 0; k < n; k++) s += B[i * n + k] * B[j * n + k];
      A[i * n + j] = s;
    }
  return A;
}

describe('choleskyInPlace (two columns, three rows per pass)', () => {
  for (const n of [1, 2, 3, 4, 5, 7, 8, 31]) {
    it(`n = ${n}: L·Lᵀ reproduces A to 1e-13 of its scale`, () => {
      const A = spd(n);
      const L = Float64Array.from(A);
      expect(choleskyInPlace(L, n)).toBe(true);
      let err = 0;
      let scale = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let k = 0; k <= j; k++) s += L[i * n + k] * L[j * n + k];
          err = Math.max(err, Math.abs(s - A[i * n + j]));
          scale = Math.max(scale, Math.abs(A[i * n + j]));
        }
      expect(err / scale).toBeLessThan(1e-13);
    });
  }

  it('says false for an indefinite matrix, at an even and at an odd pivot', () => {
    for (const bad of [0, 1, 4]) {
      const A = spd(6);
      A[bad * 6 + bad] = -50;
      expect(choleskyInPlace(A, 6)).toBe(false);
    }
  });
});

describe('addGramUpper', () => {
  for (const [d, m] of [
    [1, 3],
    [2, 1],
    [5, 7],
    [6, 4],
  ]) {
    it(`d = ${d}, m = ${m}: adds the upper triangle of U Xᵀ and leaves the lower one`, () => {
      const U = Float64Array.from({ length: d * m }, (_, i) => wave(i));
      const X = Float64Array.from({ length: d * m }, (_, i) => wave(i + 100));
      const out = new Float64Array(3 + d * d).fill(1);
      addGramUpper(U, X, d, m, out, 3);
      for (let j = 0; j < d; j++)
        for (let jp = 0; jp < d; jp++) {
          let s = 0;
          for (let t = 0; t < m; t++) s += U[j * m + t] * X[jp * m + t];
          const got = out[3 + j * d + jp];
          if (jp >= j) expect(got).toBeCloseTo(1 + s, 13);
          else expect(got).toBe(1);
        }
      expect([out[0], out[1], out[2]]).toEqual([1, 1, 1]);
    });
  }
});

describe("the pair constraints' log barrier over V", () => {
  it('gradient and Hessian match central finite differences (N = 12, d = 3, K = 4)', () => {
    const { train } = makePaperData({ n: 12, d: 3, k: 4, seed: 2 });
    const K = 4;
    const r = K - 1;
    const dr = train.d * r;
    const pairs = new PairConstraints(train, centredBasis(K));
    // a strictly feasible V: twice the Frobenius SVM (every margin ≥ 2, so every slack ≥ 1) in the centred
    // basis, moved a little off it so that no symmetry of the optimum hides an error
    const svm = solveSvm(train);
    if (!svm.separable) return expect.unreachable("the paper generator's data are separable");
    const Q = centredBasis(K);
    const at = new Float64Array(dr);
    for (let j = 0; j < train.d; j++)
      for (let a = 0; a < r; a++) {
        for (let k = 0; k < K; k++) at[j * r + a] += 2 * svm.solution.W[j * K + k] * Q[k * r + a];
        at[j * r + a] += 0.05 * wave(j * r + a);
      }
    expect(pairs.slacks(at).every((s) => s > 0)).toBe(true);
    const scale = Math.max(...at.map(Math.abs));
    const n = dr;
    const evalAt = (v: Float64Array) => {
      const grad = new Float64Array(n);
      const hess = new Float64Array(n * n);
      const value = pairs.barrier(pairs.slacks(v), grad, hess, n, 0);
      return { value, grad, hess };
    };
    const { gradErr, gradScale, hessErr, hessScale: hScale } = centralDifferenceErrors(evalAt, at, 1e-6 * scale);
    expect(gradErr / gradScale).toBeLessThan(1e-6);
    expect(hessErr / hScale).toBeLessThan(1e-6);
    // and the Hessian is symmetric to rounding
    const { hess } = evalAt(at);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < i; j++) expect(Math.abs(hess[i * n + j] - hess[j * n + i])).toBeLessThan(1e-12 * hScale);
  });
});
