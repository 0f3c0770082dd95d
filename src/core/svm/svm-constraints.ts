// The margin constraints of the hard-margin multiclass SVM as a ConstraintFamily for the min-norm QP.
// Constraint c = i·K + k (k ≠ y_i); its normal a_c has +x_i in column y_i, −x_i in column k of the d×K
// matrix, so products with it cost O(d) and never touch the other 2d·(K−1) zeros.
import { CompensatedSum, addScaledPair } from '../linalg/compensated.ts';
import type { ConstraintFamily } from './constraint-family.ts';
import type { Dataset } from '../types.ts';

export class SvmConstraints implements ConstraintFamily {
  readonly dimension: number;
  readonly count: number;
  /** every normal has zero row sums, so they span at most d·(K−1) dimensions */
  readonly rank: number;
  private readonly n: number;
  private readonly d: number;
  private readonly K: number;
  private readonly X: Float64Array;
  private readonly y: Int32Array;
  /** ‖a_c‖ = √2‖x_i‖ for every constraint of row i */
  private readonly normalNorms: Float64Array;
  private readonly scores: Float64Array;

  constructor(data: Dataset) {
    this.n = data.n;
    this.d = data.d;
    this.K = data.k;
    this.X = data.X;
    this.y = data.y;
    this.dimension = data.d * data.k;
    this.count = data.n * data.k;
    this.rank = data.d * (data.k - 1);
    this.normalNorms = new Float64Array(data.n);
    for (let i = 0; i < data.n; i++) this.normalNorms[i] = Math.SQRT2 * rowNorm(data.X, i * data.d, data.d);
    this.scores = new Float64Array(data.k);
  }

  products(W: Float64Array, out: Float64Array): void {
    const { n, d, K, X, y, scores } = this;
    for (let i = 0; i < n; i++) {
      scores.fill(0);
      for (let j = 0; j < d; j++) {
        const xij = X[i * d + j];
        const row = j * K;
        for (let c = 0; c < K; c++) scores[c] += xij * W[row + c];
      }
      const own = scores[y[i]];
      for (let c = 0; c < K; c++) out[i * K + c] = own - scores[c];
      out[i * K + y[i]] = Infinity;
    }
  }

  /** products() as accurately as in twice the precision: the margins a certificate may rely on */
  accurateProducts(W: Float64Array, out: Float64Array): void {
    const { n, d, K, X, y } = this;
    const sums = Array.from({ length: K }, () => new CompensatedSum());
    for (let i = 0; i < n; i++) {
      for (const s of sums) s.hi = s.lo = 0;
      for (let j = 0; j < d; j++) {
        const xij = X[i * d + j];
        for (let c = 0; c < K; c++) sums[c].addProduct(xij, W[j * K + c]);
      }
      const own = sums[y[i]];
      for (let c = 0; c < K; c++) {
        const diff = new CompensatedSum();
        diff.add(own.hi);
        diff.add(-sums[c].hi);
        diff.add(own.lo - sums[c].lo);
        out[i * K + c] = diff.value;
      }
      out[i * K + y[i]] = Infinity;
    }
  }

  dot(c: number, V: Float64Array): number {
    const { d, K, X } = this;
    const i = (c / K) | 0;
    const k = c - i * K;
    const own = this.y[i];
    let sum = 0;
    for (let j = 0; j < d; j++) sum += X[i * d + j] * (V[j * K + own] - V[j * K + k]);
    return sum;
  }

  addScaled(target: Float64Array, c: number, coef: number): void {
    const { d, K, X } = this;
    const i = (c / K) | 0;
    const k = c - i * K;
    const own = this.y[i];
    for (let j = 0; j < d; j++) {
      const v = coef * X[i * d + j];
      target[j * K + own] += v;
      target[j * K + k] -= v;
    }
  }

  addScaledCompensated(hi: Float64Array, lo: Float64Array, c: number, coef: number): void {
    const { d, K, X } = this;
    const i = (c / K) | 0;
    const k = c - i * K;
    const own = this.y[i];
    for (let j = 0; j < d; j++) {
      addScaledPair(hi, lo, j * K + own, coef, X[i * d + j]);
      addScaledPair(hi, lo, j * K + k, -coef, X[i * d + j]);
    }
  }

  /** (x_i·x_j)(e_{y_i} − e_k)·(e_{y_j} − e_l) */
  pairDot(c: number, e: number): number {
    const K = this.K;
    const i = (c / K) | 0;
    const k = c - i * K;
    const j = (e / K) | 0;
    const l = e - j * K;
    const a = this.y[i];
    const b = this.y[j];
    const labels = (a === b ? 1 : 0) - (a === l ? 1 : 0) - (k === b ? 1 : 0) + (k === l ? 1 : 0);
    return labels === 0 ? 0 : labels * this.rowDot(i, j);
  }

  norm(c: number): number {
    return this.normalNorms[(c / this.K) | 0];
  }

  /** the largest ‖a_c‖ = √2 max_i ‖x_i‖: the data's scale */
  largestNorm(): number {
    return this.normalNorms.reduce((m, v) => Math.max(m, v), 0);
  }

  private rowDot(i: number, j: number): number {
    const { d, X } = this;
    let sum = 0;
    for (let m = 0; m < d; m++) sum += X[i * d + m] * X[j * d + m];
    return sum;
  }
}

/** ‖x‖ of X[start … start+d) without overflow or underflow in the squares. */
export function rowNorm(X: Float64Array, start: number, d: number): number {
  let largest = 0;
  for (let j = 0; j < d; j++) largest = Math.max(largest, Math.abs(X[start + j]));
  if (largest === 0) return 0;
  let sum = 0;
  for (let j = 0; j < d; j++) sum += (X[start + j] / largest) ** 2;
  return largest * Math.sqrt(sum);
}
