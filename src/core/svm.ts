// The hard-margin multiclass SVM Ŵ = argmin ‖W‖_F² s.t. (w_{y_i} − w_k)ᵀ x_i ≥ 1 (paper-spec §1.5), solved
// exactly: the constraints are handed to the Goldfarb–Idnani active-set solver (linalg/min-norm-qp.ts),
// whose result is either the optimum with its multipliers (the dual α of §1.5, W = Σ α_ik x_i (e_{y_i} − e_k)ᵀ)
// or a Gordan ray proving the data not separable. Cheap exact checks for the common causes of
// non-separability (a zero row, one point or one direction with two labels) come first, so their
// messages can name the rows.
import { solveMinNormQp, type ConstraintFamily } from './linalg/min-norm-qp.ts';
import {
  LabError,
  type Dataset,
  type KktCertificate,
  type SupportConstraint,
  type SvmOutcome,
  type SvmSolution,
} from './types.ts';

export interface SvmOptions {
  /** a constraint counts as violated when its margin is below 1 − tolerance */
  tolerance?: number;
  /** the most active-set steps (constraint additions and removals) before giving up */
  maxIterations?: number;
  /**
   * epochs of dual coordinate ascent that guess the support before the exact iteration (default 200);
   * 0 runs the exact iteration from W = 0. The answer is the same either way; only the time differs.
   */
  warmStartEpochs?: number;
}

/** Margin shortfall below which a constraint counts as met: far above rounding (~1e-14), far below 1e-9. */
const DEFAULT_TOLERANCE = 1e-11;
/** Default step budget: Goldfarb–Idnani takes about two steps per support constraint, at most d·K of them. */
const DEFAULT_STEPS_PER_DIMENSION = 50;
const DEFAULT_STEPS_BASE = 1000;
/** Relative equality test for the directions x/‖x‖ of two rows (positive multiples of each other). */
const SAME_DIRECTION = 1e-13;

/** The hard-margin multiclass SVM of `data`, or why it has none. */
export function solveSvm(data: Dataset, opts: SvmOptions = {}): SvmOutcome {
  checkShape(data);
  const conflict = findObviousConflict(data);
  if (conflict) return conflict;
  const maxSteps = opts.maxIterations ?? DEFAULT_STEPS_BASE + DEFAULT_STEPS_PER_DIMENSION * data.d * data.k;
  const constraints = new SvmConstraints(data);
  const result = solveMinNormQp(constraints, {
    tolerance: opts.tolerance ?? DEFAULT_TOLERANCE,
    maxSteps,
    warmStartEpochs: opts.warmStartEpochs,
  });
  if (result.kind === 'out of steps') {
    throw new LabError(
      `the SVM solver stopped after ${result.steps} active-set steps without reaching the optimum; ` +
        `raise maxIterations, or look for nearly identical rows with different labels`,
      'maxIterations',
    );
  }
  if (result.kind === 'infeasible') return rayOutcome(data, constraints, result.weights);
  const support = result.active.map((c, j) => ({ i: Math.floor(c / data.k), k: c % data.k, alpha: result.alpha[j] }));
  return { separable: true, solution: solutionFrom(data, constraints, support) };
}

/** KKT residuals of W against the multipliers in `support` (constraints not listed have α = 0). */
export function svmCertificate(data: Dataset, W: Float64Array, support: readonly SupportConstraint[]): KktCertificate {
  const constraints = new SvmConstraints(data);
  const margins = new Float64Array(constraints.count);
  constraints.products(W, margins);
  let primal = 0;
  for (const m of margins) primal = Math.max(primal, 1 - m);
  let dual = 0;
  let complementarity = 0;
  let alphaSum = 0;
  const combination = new Float64Array(W.length);
  for (const s of support) {
    const c = s.i * data.k + s.k;
    dual = Math.max(dual, -s.alpha);
    complementarity = Math.max(complementarity, Math.abs(s.alpha * (margins[c] - 1)));
    alphaSum += s.alpha;
    constraints.addScaled(combination, c, s.alpha);
  }
  let stationarity = 0;
  for (let e = 0; e < W.length; e++) stationarity = Math.max(stationarity, Math.abs(W[e] - combination[e]));
  // primal ½‖W‖², dual Σα − ½‖Σ α a‖²: the Lagrangian pair of the ½-scaled problem, which has the same Ŵ
  const primalObjective = dot(W, W) / 2;
  const dualObjective = alphaSum - dot(combination, combination) / 2;
  const gap = Math.abs(primalObjective - dualObjective) / Math.max(1, primalObjective);
  const max = Math.max(primal, dual, complementarity, stationarity, gap);
  return { primal, dual, complementarity, stationarity, gap, max };
}

// ---------------------------------------------------------------------------------------------------
// Constraint algebra. Constraint c = i·K + k (k ≠ y_i); its normal a_c has +x_i in column y_i, −x_i in
// column k of the d×K matrix, so products with it cost O(d) and never touch the other 2d·(K−1) zeros.

class SvmConstraints implements ConstraintFamily {
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
    for (let i = 0; i < data.n; i++) this.normalNorms[i] = Math.SQRT2 * Math.sqrt(this.rowDot(i, i));
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

  private rowDot(i: number, j: number): number {
    const { d, X } = this;
    let sum = 0;
    for (let m = 0; m < d; m++) sum += X[i * d + m] * X[j * d + m];
    return sum;
  }
}

function solutionFrom(data: Dataset, constraints: SvmConstraints, support: SupportConstraint[]): SvmSolution {
  // W is rebuilt from the multipliers, so stationarity holds to rounding.
  const W = new Float64Array(data.d * data.k);
  for (const s of support) constraints.addScaled(W, s.i * data.k + s.k, s.alpha);
  const margins = new Float64Array(constraints.count);
  constraints.products(W, margins);
  const minMargin = margins.reduce((m, v) => Math.min(m, v), Infinity);
  const sorted = [...support].sort((a, b) => a.i - b.i || a.k - b.k);
  return {
    W,
    normF: Math.sqrt(dot(W, W)),
    minMargin,
    kkt: svmCertificate(data, W, sorted),
    support: sorted,
  };
}

// ---------------------------------------------------------------------------------------------------
// Input checks and the non-separable verdicts.

function checkShape(data: Dataset): void {
  const { n, d, k, X, y } = data;
  if (!(Number.isInteger(k) && k >= 2)) throw new LabError(`the SVM needs K ≥ 2 classes, got K=${k}`, 'k');
  if (!(Number.isInteger(n) && n >= 1)) throw new LabError(`the SVM needs at least one example, got N=${n}`, 'n');
  if (!(Number.isInteger(d) && d >= 1)) throw new LabError(`the SVM needs d ≥ 1 features, got d=${d}`, 'd');
  if (X.length !== n * d || y.length !== n) {
    throw new LabError(`data shape mismatch: X has ${X.length} numbers and y ${y.length} labels for N=${n}, d=${d}`, 'data');
  }
  for (let i = 0; i < n; i++) {
    if (!(y[i] >= 0 && y[i] < k)) throw new LabError(`row ${i}: label ${y[i]} is outside 0…${k - 1}`, 'y');
  }
  for (let e = 0; e < X.length; e++) {
    if (!Number.isFinite(X[e])) {
      throw new LabError(`row ${Math.floor(e / d)}, feature ${e % d}: ${X[e]} is not a finite number`, 'X');
    }
  }
}

const WHAT_TO_DO =
  'gradient descent on these data has no max-margin limit (the theorem needs data separable by a linear classifier without bias)';

/** Exact cheap certificates: a zero row, or two rows pointing the same way with different labels. */
function findObviousConflict(data: Dataset): SvmOutcome | undefined {
  const { n, d, X, y } = data;
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += X[i * d + j] ** 2;
    norms[i] = Math.sqrt(s);
    if (norms[i] === 0) {
      const other = y[i] === 0 ? 1 : 0;
      return {
        separable: false,
        message: `not linearly separable: row ${i} (counting from 0) is all zeros, and a linear classifier without bias gives it the same score in every class; remove row ${i} or add a constant feature; ${WHAT_TO_DO}`,
        evidence: {
          kind: 'zero row',
          detail: `x_${i} = 0, so (w_${y[i]} − w_k)ᵀx_${i} = 0 < 1 for every W`,
          constraints: [{ i, k: other, alpha: 1 }],
        },
      };
    }
  }
  // Sorting the unit directions puts equal ones next to each other.
  const order = Array.from({ length: n }, (_, i) => i);
  const unit = (i: number, j: number) => X[i * d + j] / norms[i];
  order.sort((a, b) => {
    for (let j = 0; j < d; j++) {
      const diff = unit(a, j) - unit(b, j);
      if (diff !== 0) return diff;
    }
    return 0;
  });
  const sameDirection = (a: number, b: number) => {
    for (let j = 0; j < d; j++) if (Math.abs(unit(a, j) - unit(b, j)) > SAME_DIRECTION) return false;
    return true;
  };
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && sameDirection(order[start], order[end])) end++;
    for (let m = start + 1; m < end; m++) {
      const a = order[start];
      const b = order[m];
      if (y[a] === y[b]) continue;
      const [i, j] = a < b ? [a, b] : [b, a];
      const scale = norms[j] / norms[i];
      const identical = X.subarray(i * d, i * d + d).every((v, m2) => v === X[j * d + m2]);
      // x_j = s·x_i: weights s/(1+s) on (i, y_j) and 1/(1+s) on (j, y_i) cancel exactly.
      return {
        separable: false,
        message: identical
          ? `not linearly separable: rows ${i} and ${j} (counting from 0) are the same point with labels ${y[i]} and ${y[j]}; remove or relabel one of them; ${WHAT_TO_DO}`
          : `not linearly separable: row ${j} is ${fmt(scale)} × row ${i} (counting from 0), the same direction, but their labels are ${y[j]} and ${y[i]}, and a classifier without bias labels a whole ray alike; remove or relabel one of them; ${WHAT_TO_DO}`,
        evidence: {
          kind: identical ? 'conflicting duplicates' : 'conflicting directions',
          detail: identical
            ? `x_${i} = x_${j} with y_${i} = ${y[i]} ≠ y_${j} = ${y[j]}: the margins (w_${y[i]} − w_${y[j]})ᵀx and (w_${y[j]} − w_${y[i]})ᵀx cannot both be ≥ 1`
            : `x_${j} = ${fmt(scale)}·x_${i} with y_${i} = ${y[i]} ≠ y_${j} = ${y[j]}`,
          constraints: [
            { i, k: y[j], alpha: scale / (1 + scale) },
            { i: j, k: y[i], alpha: 1 / (1 + scale) },
          ].sort((u, v) => u.i - v.i || u.k - v.k),
        },
      };
    }
    start = end;
  }
  return undefined;
}

/** A non-separable verdict from a Gordan ray found by the active-set iteration. */
function rayOutcome(data: Dataset, constraints: SvmConstraints, weights: ReadonlyMap<number, number>): SvmOutcome {
  const K = data.k;
  let total = 0;
  for (const w of weights.values()) total += w;
  const ray: SupportConstraint[] = [...weights.entries()]
    .map(([c, w]) => ({ i: Math.floor(c / K), k: c % K, alpha: w / total }))
    .sort((a, b) => a.i - b.i || a.k - b.k);
  const combination = new Float64Array(data.d * K);
  let scale = 0;
  for (const s of ray) {
    constraints.addScaled(combination, s.i * K + s.k, s.alpha);
    scale = Math.max(scale, constraints.norm(s.i * K + s.k));
  }
  const residual = Math.sqrt(dot(combination, combination));
  const rows = [...new Set(ray.map((s) => s.i))];
  const rowList = rows.length <= 12 ? rows.join(', ') : `${rows.slice(0, 12).join(', ')} and ${rows.length - 12} more`;
  return {
    separable: false,
    message:
      `not linearly separable: no linear classifier without bias gets rows ${rowList} (counting from 0) all right, ` +
      `since a weighted sum of their margin constraints is identically zero; remove or relabel one of these rows, ` +
      `or add a constant feature (a bias column); ${WHAT_TO_DO}`,
    evidence: {
      kind: 'Gordan ray',
      detail:
        `weights β ≥ 0 with Σβ = 1 on ${ray.length} constraints (i, k) whose combination ` +
        `Σ β_ik x_i (e_{y_i} − e_k)ᵀ has Frobenius norm ${fmt(residual)} (largest constraint norm ${fmt(scale)}), ` +
        `so Σ β_ik (w_{y_i} − w_k)ᵀx_i = 0 for every W, while each term would have to be ≥ 1`,
      constraints: ray,
    },
  };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let e = 0; e < a.length; e++) sum += a[e] * b[e];
  return sum;
}

function fmt(v: number): string {
  return Number(v.toPrecision(6)).toString();
}
