// What the SVM says when it has no certified Ŵ: input checks, the exact non-separability proofs (a zero
// row, two rows on one ray with different labels, a Gordan ray checked against the data's scale), and
// the honest refusal when float64 can certify neither Ŵ nor non-separability.
import { CompensatedSum, EXACT_PRODUCT_FLOOR, twoProductError } from '../linalg/compensated.ts';
import { exactKernelVerdict } from './exact-kernel.ts';
import { rowNorm, type SvmConstraints } from './svm-constraints.ts';
import { LabError, type Dataset, type SupportConstraint, type SvmOutcome } from '../types.ts';

/** Relative equality test for the directions x/‖x‖ of two rows; candidates are then checked exactly. */
const SAME_DIRECTION = 1e-13;
/**
 * Gordan rays on at most this many constraints are checked in exact arithmetic (exact-kernel.ts; about
 * 1.5 s at 121 constraints on the 2-core development machine, growing like q⁴); larger ones only bound
 * the margin.
 */
const EXACT_RAY_LIMIT = 128;

/** Why the SVM could certify neither Ŵ nor non-separability. */
export type NotCertifiedReason = 'margin too small' | 'near-zero ray' | 'out of steps' | 'breakdown' | 'range';

/**
 * The SVM could certify neither a solution nor non-separability in float64. The message says so with the
 * numbers; `reason` tells the cases apart for programs.
 */
export class SvmNotCertifiedError extends LabError {
  constructor(
    message: string,
    readonly reason: NotCertifiedReason,
  ) {
    super(message, 'data');
    this.name = 'SvmNotCertifiedError';
  }
}

export const BELOW_FLOAT64 = 'the margin is below what float64 can certify';

export function checkShape(data: Dataset): void {
  const { n, d, k, X, y } = data;
  if (!(Number.isInteger(k) && k >= 2)) throw new LabError(`the SVM needs K ≥ 2 classes, got K=${k}`, 'k');
  if (!(Number.isInteger(n) && n >= 1)) throw new LabError(`the SVM needs at least one example, got N=${n}`, 'n');
  if (!(Number.isInteger(d) && d >= 1)) throw new LabError(`the SVM needs d ≥ 1 features, got d=${d}`, 'd');
  if (X.length !== n * d || y.length !== n) {
    throw new LabError(
      `data shape mismatch: X has ${X.length} numbers and y ${y.length} labels for N=${n}, d=${d}`,
      'data',
    );
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

/** Exact cheap certificates: a zero row, or two rows on one ray from the origin with different labels. */
export function findObviousConflict(data: Dataset): SvmOutcome | undefined {
  const { n, d, X, y } = data;
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    norms[i] = rowNorm(X, i * d, d);
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
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && sameDirection(order[start], order[end])) end++;
    for (let u = start; u < end; u++) {
      for (let v = u + 1; v < end; v++) {
        const a = order[u];
        const b = order[v];
        if (y[a] === y[b] || !exactlyOnOneRay(X, d, a, b)) continue;
        return conflict(data, Math.min(a, b), Math.max(a, b), norms);
      }
    }
    start = end;
  }
  return undefined;
}

/** True when x_b = s·x_a for some real s > 0, decided exactly (every 2×2 minor with the pivot is zero). */
function exactlyOnOneRay(X: Float64Array, d: number, a: number, b: number): boolean {
  let p = 0;
  for (let j = 1; j < d; j++) if (Math.abs(X[a * d + j]) > Math.abs(X[a * d + p])) p = j;
  const ap = X[a * d + p];
  const bp = X[b * d + p];
  if (ap === 0 || bp === 0 || Math.sign(ap) !== Math.sign(bp)) return false;
  for (let j = 0; j < d; j++) {
    if (j === p) continue;
    const aj = X[a * d + j];
    const bj = X[b * d + j];
    if (aj === 0 && bj === 0) continue;
    if (aj === 0 || bj === 0) return false;
    // ap·bj = aj·bp exactly: both products with their rounding errors, unless these could underflow
    const left = ap * bj;
    const right = aj * bp;
    if (Math.abs(left) < EXACT_PRODUCT_FLOOR || Math.abs(right) < EXACT_PRODUCT_FLOOR) return false;
    if (left !== right || twoProductError(ap, bj, left) !== twoProductError(aj, bp, right)) return false;
  }
  return true;
}

function conflict(data: Dataset, i: number, j: number, norms: Float64Array): SvmOutcome {
  const { d, X, y } = data;
  const scale = norms[j] / norms[i];
  const identical = X.subarray(i * d, i * d + d).every((v, m) => v === X[j * d + m]);
  // x_j = s·x_i: weights s/(1+s) on (i, y_j) and 1/(1+s) on (j, y_i) cancel.
  return {
    separable: false,
    message: identical
      ? `not linearly separable: rows ${i} and ${j} (counting from 0) are the same point with labels ${y[i]} and ${y[j]}; remove or relabel one of them; ${WHAT_TO_DO}`
      : `not linearly separable: row ${j} is ${fmt(scale)} × row ${i} (counting from 0), exactly the same direction, but their labels are ${y[j]} and ${y[i]}, and a classifier without bias labels a whole ray alike; remove or relabel one of them; ${WHAT_TO_DO}`,
    evidence: {
      kind: identical ? 'conflicting duplicates' : 'conflicting directions',
      detail: identical
        ? `x_${i} = x_${j} with y_${i} = ${y[i]} ≠ y_${j} = ${y[j]}: the margins (w_${y[i]} − w_${y[j]})ᵀx and (w_${y[j]} − w_${y[i]})ᵀx cannot both be ≥ 1`
        : `x_${j} = s·x_${i} exactly with s ≈ ${fmt(scale)} > 0 and y_${i} = ${y[i]} ≠ y_${j} = ${y[j]}`,
      constraints: [
        { i, k: y[j], alpha: scale / (1 + scale) },
        { i: j, k: y[i], alpha: 1 / (1 + scale) },
      ].sort((u, v) => u.i - v.i || u.k - v.k),
    },
  };
}

/**
 * A non-separable verdict from a Gordan ray found by the active-set iteration, after checking it: with
 * Σβ = 1, every W meeting all margins has 1 ≤ Σ β (a·W) = (Σ β a)·W ≤ ‖Σ β a‖_F ‖W‖_F. The verdict is
 * given only when some β > 0 on these constraints makes Σ β a exactly 0 (exact-kernel.ts); otherwise the
 * residual only bounds the margin, and the answer is an honest refusal.
 */
export function rayOutcome(
  data: Dataset,
  constraints: SvmConstraints,
  weights: ReadonlyMap<number, number>,
  /** maps a norm of the (power-of-two rescaled) data the solver saw back to the data as given */
  toData: (v: number) => number,
): SvmOutcome {
  const K = data.k;
  let total = 0;
  for (const w of weights.values()) total += w;
  const ray: SupportConstraint[] = [...weights.entries()]
    .map(([c, w]) => ({ i: Math.floor(c / K), k: c % K, alpha: w / total }))
    .sort((a, b) => a.i - b.i || a.k - b.k);
  const hi = new Float64Array(data.d * K);
  const lo = new Float64Array(data.d * K);
  let scale = 0;
  for (const s of ray) {
    constraints.addScaledCompensated(hi, lo, s.i * K + s.k, s.alpha);
    scale = Math.max(scale, constraints.norm(s.i * K + s.k));
  }
  const residualSum = new CompensatedSum();
  for (let e = 0; e < hi.length; e++) residualSum.addProduct(hi[e] + lo[e], hi[e] + lo[e]);
  const residual = Math.sqrt(residualSum.value);
  const relative = residual / scale;
  const rows = [...new Set(ray.map((s) => s.i))];
  const rowList = rows.length <= 12 ? rows.join(', ') : `${rows.slice(0, 12).join(', ')} and ${rows.length - 12} more`;
  const exact = ray.length <= EXACT_RAY_LIMIT ? exactRay(data, constraints, ray) : undefined;
  if (!exact) {
    const why =
      exact === undefined
        ? `a proof of non-separability needs that sum exactly zero, and its ${ray.length} constraints are more than the ${EXACT_RAY_LIMIT} the exact check takes`
        : `no positive weights on these constraints make that sum exactly zero, so this is no proof of non-separability`;
    throw new SvmNotCertifiedError(
      `${BELOW_FLOAT64}: a weighted sum of the margin constraints of rows ${rowList} (counting from 0) is nearly zero, ` +
        `${short(relative)} of their scale (largest ‖x_i‖ = ${fmt(toData(scale) / Math.SQRT2)}), so no W separates these data ` +
        `with a margin above ${short(relative)} of that scale; ${why}, and float64 cannot tell a margin that small from none; ` +
        `look among these rows for points that nearly coincide with different labels, and remove or relabel one of them`,
      'near-zero ray',
    );
  }
  return {
    separable: false,
    message:
      `not linearly separable: no linear classifier without bias gets rows ${rowList} (counting from 0) all right, ` +
      `since a weighted sum of their margin constraints is identically zero (checked in exact arithmetic); ` +
      `remove or relabel one of these rows, or add a constant feature (a bias column); ${WHAT_TO_DO}`,
    evidence: {
      kind: 'Gordan ray',
      detail:
        `weights β ≥ 0 with Σβ = 1 on ${ray.length} constraints (i, k) whose combination ` +
        `Σ β_ik x_i (e_{y_i} − e_k)ᵀ is exactly 0 for suitable β (the printed β, rounded to float64, leave a Frobenius norm of ` +
        `${short(toData(residual))} against a largest constraint norm of ${fmt(toData(scale))}), ` +
        `so Σ β_ik (w_{y_i} − w_k)ᵀx_i = 0 for every W, while each term would have to be ≥ 1`,
      constraints: ray,
    },
  };
}

/**
 * True when some β ≥ 0, not all 0, on the ray's constraints gives Σ β a = 0 in exact arithmetic; false when
 * none does. A kernel of dimension ≥ 2 is narrowed by dropping the smallest float weight until it is 1.
 */
function exactRay(data: Dataset, constraints: SvmConstraints, ray: readonly SupportConstraint[]): boolean {
  let kept = [...ray].sort((a, b) => b.alpha - a.alpha);
  while (kept.length >= 2) {
    const columns = kept.map((s) => {
      const a = new Float64Array(data.d * data.k);
      constraints.addScaled(a, s.i * data.k + s.k, 1);
      return a;
    });
    const verdict = exactKernelVerdict(columns);
    if (verdict !== 'larger') return verdict === 'positive ray';
    kept = kept.slice(0, -1);
  }
  return false;
}

function fmt(v: number): string {
  return Number(v.toPrecision(6)).toString();
}

/** three significant digits, for residuals and bounds */
export function short(v: number): string {
  return Number(v.toPrecision(3)).toString();
}
