import { describe, expect, it } from 'vitest';
import { makePaperData } from '../../../src/core/data/paper.ts';
import { NumpyRandomState } from '../../../src/core/data/numpy-rng.ts';
import { SvmConstraints } from '../../../src/core/svm/svm-constraints.ts';
import { SvmNotCertifiedError, certificateFrom, solveSvm } from '../../../src/core/svm/svm-solver.ts';
import {
  LabError,
  type Dataset,
  type KktCertificate,
  type SupportConstraint,
  type SvmOutcome,
  type SvmSolution,
} from '../../../src/core/types.ts';
import { errorOf } from '../helpers/lab-error.ts';

/** The KKT residuals of any W and multipliers, margins in twice the precision, as the solver certifies its own. */
function svmCertificate(data: Dataset, W: Float64Array, support: readonly SupportConstraint[]): KktCertificate {
  const constraints = new SvmConstraints(data);
  const margins = new Float64Array(constraints.count);
  constraints.accurateProducts(W, margins);
  return certificateFrom(data, constraints, margins, W, support);
}

function dataset(k: number, rows: number[][], labels: number[]): Dataset {
  return { n: rows.length, d: rows[0].length, k, X: Float64Array.from(rows.flat()), y: Int32Array.from(labels) };
}

function solved(outcome: SvmOutcome): SvmSolution {
  if (!outcome.separable) throw new Error(`expected separable data, got: ${outcome.message}`);
  return outcome.solution;
}

/** The normal x_i (e_{y_i} − e_k)ᵀ of constraint (i, k), flattened d×K row-major. */
function normal(data: Dataset, i: number, k: number): number[] {
  const a = new Array<number>(data.d * data.k).fill(0);
  for (let j = 0; j < data.d; j++) {
    a[j * data.k + data.y[i]] += data.X[i * data.d + j];
    a[j * data.k + k] -= data.X[i * data.d + j];
  }
  return a;
}

function constraintList(data: Dataset): { i: number; k: number }[] {
  const list: { i: number; k: number }[] = [];
  for (let i = 0; i < data.n; i++) for (let k = 0; k < data.k; k++) if (k !== data.y[i]) list.push({ i, k });
  return list;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let e = 0; e < a.length; e++) s += a[e] * b[e];
  return s;
};

/** Gaussian elimination with partial pivoting; undefined when the matrix is (numerically) singular. */
function gaussSolve(A: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r][col]) > Math.abs(M[pivot][col])) pivot = r;
    if (Math.abs(M[pivot][col]) < 1e-10) return undefined;
    [M[col], M[pivot]] = [M[pivot], M[col]];
    for (let r = col + 1; r < n; r++) {
      const f = M[r][col] / M[col][col];
      for (let c = col; c <= n; c++) M[r][c] -= f * M[col][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let c = r + 1; c < n; c++) s -= M[r][c] * x[c];
    x[r] = s / M[r][r];
  }
  return x;
}

/**
 * Brute force: over every subset S of constraints with independent normals, the equality solution
 * W = Σ_S α a with a_cᵀW = 1 on S; the optimum is the one with α ≥ 0 that meets every constraint
 * (the KKT conditions are sufficient, so any such subset gives Ŵ).
 */
function bruteForceSvm(data: Dataset): number[] {
  const list = constraintList(data);
  const normals = list.map(({ i, k }) => normal(data, i, k));
  let best: number[] | undefined;
  for (let mask = 1; mask < 1 << list.length; mask++) {
    const S = normals.filter((_, c) => mask & (1 << c));
    if (S.length > data.d * (data.k - 1)) continue;
    const alpha = gaussSolve(
      S.map((a) => S.map((b) => dot(a, b))),
      S.map(() => 1),
    );
    if (!alpha || alpha.some((v) => v < -1e-12)) continue;
    const W = new Array<number>(data.d * data.k).fill(0);
    S.forEach((a, j) => a.forEach((v, e) => (W[e] += alpha[j] * v)));
    if (normals.some((a) => dot(a, W) < 1 - 1e-12)) continue;
    if (!best || dot(W, W) < dot(best, best)) best = W;
  }
  if (!best) throw new Error('brute force found no feasible subset');
  return best;
}

function expectOptimal(data: Dataset, s: SvmSolution): void {
  expect(s.kkt.max).toBeLessThan(1e-9);
  expect(Math.abs(s.minMargin - 1)).toBeLessThan(1e-9);
  for (const c of s.support) {
    expect(c.alpha).toBeGreaterThan(0);
    expect(c.k).not.toBe(data.y[c.i]);
  }
  // Ŵ·1 = 0: every normal has zero row sums
  for (let j = 0; j < data.d; j++) {
    let rowSum = 0;
    for (let k = 0; k < data.k; k++) rowSum += s.W[j * data.k + k];
    expect(Math.abs(rowSum)).toBeLessThan(1e-12 * Math.max(1, s.normF));
  }
  expect(s.normF).toBeCloseTo(Math.sqrt(dot(s.W, s.W)), 12);
}

describe('solveSvm on separable data', () => {
  // ‖Ŵ‖_F from /tmp python (numpy make_dataset + scipy L-BFGS-B on the dual, then an exact active-set
  // polish with lstsq until α ≥ 0 and every margin ≥ 1 − 1e-12); docs/protocol.md quotes 9.277, 11.933, 10.562.
  it.each([
    [0, 9.27659921144174],
    [1, 11.932742654594632],
    [2, 10.562149034388959],
  ])('reproduces the paper data norm for seed %i (N=100, d=10, K=3)', (seed, norm) => {
    const { train } = makePaperData({ n: 100, d: 10, k: 3, seed });
    const s = solved(solveSvm(train));
    expect(Math.abs(s.normF - norm)).toBeLessThan(1e-9);
    expectOptimal(train, s);
  });

  it('reproduces Ŵ of the Figure A data (N=10, d=2, K=3, seed 42)', () => {
    const { train } = makePaperData({ n: 10, d: 2, k: 3, seed: 42 });
    const s = solved(solveSvm(train));
    // same python reference as above; docs/protocol.md (Figure A) quotes ‖Ŵ‖ ≈ 6.91602
    const reference = [
      3.2720583990641003, -0.17311879514246467, -3.0989396039216364, 1.030500160960386, -4.113765321662631,
      3.0832651607022443,
    ];
    s.W.forEach((v, e) => expect(Math.abs(v - reference[e])).toBeLessThan(1e-9));
    expect(s.normF).toBeCloseTo(6.916016390056139, 9);
    expect(s.support.map(({ i, k }) => [i, k])).toEqual([
      [0, 1],
      [1, 2],
      [2, 2],
      [7, 1],
    ]);
    const alphas = [5.101276242226391, 1.1397180090525758, 35.41426807176681, 6.176020384479351];
    s.support.forEach((c, j) => expect(Math.abs(c.alpha - alphas[j])).toBeLessThan(1e-8));
    expectOptimal(train, s);
  });

  it.each([
    [40, 3, 2, 11],
    [60, 4, 3, 12],
    [200, 8, 4, 13],
    [150, 20, 5, 14],
    [300, 6, 6, 15],
    [500, 30, 6, 16],
  ])('meets every KKT condition to 1e-9 on teacher-labelled data N=%i d=%i K=%i (seed %i)', (n, d, k, seed) => {
    const { train } = makePaperData({ n, d, k, seed });
    const warm = solved(solveSvm(train));
    expectOptimal(train, warm);
    // the exact iteration alone, from W = 0, reaches the same Ŵ
    const cold = solved(solveSvm(train, { warmStartEpochs: 0 }));
    expectOptimal(train, cold);
    cold.W.forEach((v, e) => expect(Math.abs(v - warm.W[e])).toBeLessThan(1e-9 * Math.max(1, warm.normF)));
  });

  it.each([3, 5, 9, 21, 34])(
    'agrees with brute force over all constraint subsets on a tiny random set (seed %i)',
    (seed) => {
      const { train } = makePaperData({ n: 4, d: 2, k: 3, seed });
      const reference = bruteForceSvm(train);
      for (const warmStartEpochs of [0, undefined]) {
        const s = solved(solveSvm(train, { warmStartEpochs }));
        s.W.forEach((v, e) => expect(Math.abs(v - reference[e])).toBeLessThan(1e-9));
      }
    },
  );

  it('agrees with brute force on symmetric data full of ties', () => {
    // the four unit vectors, each its own class, plus a duplicate and a longer copy of one of them
    const data = dataset(
      4,
      [
        [1, 0],
        [0, 1],
        [-1, 0],
        [0, -1],
        [0, 1],
        [0, 3],
      ],
      [0, 1, 2, 3, 1, 1],
    );
    const s = solved(solveSvm(data));
    const reference = bruteForceSvm(data);
    s.W.forEach((v, e) => expect(Math.abs(v - reference[e])).toBeLessThan(1e-9));
    expectOptimal(data, s);
  });

  it('agrees with brute force when three classes sit on a regular triangle with ties', () => {
    const angle = (t: number) => [Math.cos(t), Math.sin(t)];
    const data = dataset(
      3,
      [angle(0), angle((2 * Math.PI) / 3), angle((4 * Math.PI) / 3), angle(0.2), angle(-0.2)],
      [0, 1, 2, 0, 0],
    );
    const s = solved(solveSvm(data));
    const reference = bruteForceSvm(data);
    s.W.forEach((v, e) => expect(Math.abs(v - reference[e])).toBeLessThan(1e-9));
    expectOptimal(data, s);
  });

  it('gives w_1 = −w_2 = v/2 for K=2, with v the binary max-margin vector (hand-solved)', () => {
    // class 0 at (1, 2), class 1 at (−2, −1): v minimises ‖v‖ s.t. vᵀ(1, 2) ≥ 1 and vᵀ(2, 1) ≥ 1,
    // so both bind, v = (1/3, 1/3) with multipliers 1/9 each.
    const data = dataset(
      2,
      [
        [1, 2],
        [-2, -1],
      ],
      [0, 1],
    );
    const s = solved(solveSvm(data));
    const expected = [1 / 6, -1 / 6, 1 / 6, -1 / 6];
    s.W.forEach((v, e) => expect(Math.abs(v - expected[e])).toBeLessThan(1e-15));
    expectOptimal(data, s);
  });

  it('matches a brute-force binary SVM without bias for K=2 on random points', () => {
    const { train } = makePaperData({ n: 7, d: 2, k: 2, seed: 5 });
    const s = solved(solveSvm(train));
    // binary form: min ‖v‖ s.t. s_i vᵀx_i ≥ 1 with s_i = +1 for class 0 and −1 for class 1, by subsets
    const signed = Array.from({ length: train.n }, (_, i) =>
      [train.X[2 * i], train.X[2 * i + 1]].map((v) => (train.y[i] === 0 ? v : -v)),
    );
    let v: number[] | undefined;
    for (let mask = 1; mask < 1 << train.n; mask++) {
      const S = signed.filter((_, i) => mask & (1 << i));
      if (S.length > 2) continue;
      const lambda = gaussSolve(
        S.map((a) => S.map((b) => dot(a, b))),
        S.map(() => 1),
      );
      if (!lambda || lambda.some((l) => l < 0)) continue;
      const candidate = [0, 1].map((e) => S.reduce((sum, a, j) => sum + lambda[j] * a[e], 0));
      if (signed.every((a) => dot(a, candidate) >= 1 - 1e-12)) v = candidate;
    }
    expect(v).toBeDefined();
    for (let j = 0; j < 2; j++) {
      expect(Math.abs(s.W[j * 2] - v![j] / 2)).toBeLessThan(1e-12);
      expect(Math.abs(s.W[j * 2 + 1] + v![j] / 2)).toBeLessThan(1e-12);
    }
  });

  it('handles d = 1 with an empty class: Ŵ = (1, 0, −1) (hand-solved)', () => {
    // x = ±1: the constraints reduce to w0 − w1 ≥ 1, w1 − w2 ≥ 1 (and the slack w0 − w2 ≥ 1)
    const data = dataset(3, [[1], [2], [-1], [-3]], [0, 0, 2, 2]);
    const s = solved(solveSvm(data));
    s.W.forEach((v, e) => expect(Math.abs(v - [1, 0, -1][e])).toBeLessThan(1e-15));
    expect(s.normF).toBeCloseTo(Math.SQRT2, 15);
    expectOptimal(data, s);
  });

  it('leaves a class without examples to be fixed by the others (K=5, labels 0…3)', () => {
    const { train } = makePaperData({ n: 60, d: 5, k: 4, seed: 3 });
    const widened: Dataset = { ...train, k: 5 };
    const s = solved(solveSvm(widened));
    // every example still clears class 4 by margin ≥ 1 (primal feasibility covers those constraints too)
    expectOptimal(widened, s);
  });

  it('ignores exact duplicates with the same label', () => {
    const { train } = makePaperData({ n: 50, d: 4, k: 3, seed: 9 });
    const doubled: Dataset = {
      ...train,
      n: 2 * train.n,
      X: Float64Array.from([...train.X, ...train.X]),
      y: Int32Array.from([...train.y, ...train.y]),
    };
    const once = solved(solveSvm(train));
    const twice = solved(solveSvm(doubled));
    twice.W.forEach((v, e) => expect(Math.abs(v - once.W[e])).toBeLessThan(1e-10));
    expectOptimal(doubled, twice);
  });
});

describe('svmCertificate', () => {
  it('measures each KKT residual of a perturbed solution, relative to the sizes of W and α', () => {
    const data = dataset(
      2,
      [
        [1, 2],
        [-2, -1],
      ],
      [0, 1],
    );
    const s = solved(solveSvm(data));
    const W = Float64Array.from(s.W);
    W[0] -= 0.01;
    const alphaShift = s.support.map((c, j) => ({ ...c, alpha: j === 0 ? -0.5 : c.alpha }));
    const kkt = svmCertificate(data, W, alphaShift);
    // row 0 (class 0, x = (1, 2)) loses 0.01 · 1 of margin; row 1 (class 1, x = (−2, −1)) loses 0.01 · 2
    expect(kkt.primal).toBeCloseTo(0.02, 14);
    // Ŵ = (1/18)·(a_01 + a_10), so α = (−0.5, 1/18): −α / max|α| = 1;
    // max |α (margin − 1)| / Σ|α| = 0.5 · 0.01 / (0.5 + 1/18)
    expect(kkt.dual).toBe(1);
    expect(kkt.complementarity).toBeCloseTo(0.005 / (0.5 + 1 / 18), 14);
    // Σ α a = −0.5·[[1, −1], [2, −2]] + (1/18)·[[2, −2], [1, −1]]; worst entries (1, ·): |1/6 + 17/18| / max|W| (1/6)
    expect(kkt.stationarity).toBeCloseTo((1 / 6 + 17 / 18) * 6, 12);
    expect(kkt.max).toBe(Math.max(kkt.primal, kkt.dual, kkt.complementarity, kkt.stationarity, kkt.gap));
  });
});

describe('solveSvm on non-separable data', () => {
  function verdict(data: Dataset) {
    const outcome = solveSvm(data);
    if (outcome.separable) throw new Error('expected a non-separable verdict');
    expect(outcome.message).toMatch(/^not linearly separable: /);
    return outcome;
  }

  /** The evidence's constraints must be a Gordan ray: β ≥ 0, Σβ = 1, Σ β a ≈ 0. */
  function expectRay(data: Dataset, constraints: readonly { i: number; k: number; alpha: number }[]): void {
    const combination = new Array<number>(data.d * data.k).fill(0);
    let total = 0;
    for (const { i, k, alpha } of constraints) {
      expect(alpha).toBeGreaterThan(0);
      expect(k).not.toBe(data.y[i]);
      total += alpha;
      normal(data, i, k).forEach((v, e) => (combination[e] += alpha * v));
    }
    expect(total).toBeCloseTo(1, 12);
    expect(Math.hypot(...combination)).toBeLessThan(1e-10);
  }

  it('finds a Gordan ray for XOR through the origin', () => {
    const data = dataset(
      2,
      [
        [1, 1],
        [-1, -1],
        [1, -1],
        [-1, 1],
      ],
      [0, 0, 1, 1],
    );
    const outcome = verdict(data);
    expect(outcome.evidence.kind).toBe('Gordan ray');
    expect(outcome.message).toMatch(/rows .*remove or relabel/);
    expectRay(data, outcome.evidence.constraints!);
  });

  it('finds a Gordan ray when a point and its negative share a label, with three classes', () => {
    const data = dataset(
      3,
      [
        [1, 0.5],
        [0, 1],
        [-1, -0.5],
        [-1, 1],
      ],
      [0, 1, 0, 2],
    );
    const outcome = verdict(data);
    expect(outcome.evidence.kind).toBe('Gordan ray');
    expectRay(data, outcome.evidence.constraints!);
    // rows 1 and 3 alone, or with only one of rows 0 and 2, are separable, so every ray involves rows 0 and 2
    const rows = new Set(outcome.evidence.constraints!.map((c) => c.i));
    expect(rows.has(0) && rows.has(2)).toBe(true);
  });

  it('finds a Gordan ray on randomly labelled data', () => {
    const rng = new NumpyRandomState(4);
    const n = 300;
    const X = rng.randnArray(n * 3);
    const y = Int32Array.from({ length: n }, () => Math.floor(rng.randomSample() * 4));
    const data: Dataset = { n, d: 3, k: 4, X, y };
    const outcome = verdict(data);
    expect(outcome.evidence.kind).toBe('Gordan ray');
    expectRay(data, outcome.evidence.constraints!);
  });

  it('names conflicting duplicates', () => {
    const data = dataset(
      3,
      [
        [1, 2],
        [0, 1],
        [3, 1],
        [0, 1],
      ],
      [0, 1, 2, 2],
    );
    const outcome = verdict(data);
    expect(outcome.evidence.kind).toBe('conflicting duplicates');
    expect(outcome.message).toContain('rows 1 and 3');
    expectRay(data, outcome.evidence.constraints!);
  });

  it('names a point that is a positive multiple of another with a different label', () => {
    const data = dataset(
      2,
      [
        [1, 2],
        [3, 6],
        [-1, 0],
      ],
      [0, 1, 1],
    );
    const outcome = verdict(data);
    expect(outcome.evidence.kind).toBe('conflicting directions');
    expect(outcome.message).toContain('row 1 is 3 × row 0');
    expectRay(data, outcome.evidence.constraints!);
  });

  it('names a zero row', () => {
    const data = dataset(
      3,
      [
        [1, 2],
        [0, 0],
        [3, 1],
      ],
      [0, 1, 2],
    );
    const outcome = verdict(data);
    expect(outcome.evidence.kind).toBe('zero row');
    expect(outcome.message).toContain('row 1');
    expect(outcome.evidence.constraints).toEqual([{ i: 1, k: 0, alpha: 1 }]);
  });
});

describe('solveSvm input checks', () => {
  it('refuses fewer than two classes and labels out of range with LabError', () => {
    expect(() => solveSvm(dataset(1, [[1]], [0]))).toThrow(LabError);
    expect(() => solveSvm(dataset(2, [[1], [2]], [0, 2]))).toThrow(/label 2 is outside 0…1/);
    expect(() => solveSvm(dataset(2, [[1], [NaN]], [0, 1]))).toThrow(/not a finite number/);
  });

  it('stops with a LabError that names no flag the user does not have when the step budget is too small', () => {
    const { train } = makePaperData({ n: 100, d: 10, k: 3, seed: 0 });
    const e = errorOf(() => solveSvm(train, { maxIterations: 5 }));
    expect(e).toBeInstanceOf(SvmNotCertifiedError);
    expect((e as SvmNotCertifiedError).reason).toBe('out of steps');
    expect(e.message).toMatch(/stopped after \d+ active-set steps/);
    expect(e.message).not.toMatch(/maxIterations/);
  });
});
