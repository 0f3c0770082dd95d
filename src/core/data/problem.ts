// A training problem: the data, its hard-margin SVM target and σ_max(X)², which bounds safe step sizes.
import { NumpyRandomState } from './numpy-rng.ts';
import { solveSvm, type SvmOptions } from '../svm/svm-solver.ts';
import { LabError, type Dataset, type Problem } from '../types.ts';

/** Lanczos stops when the top Ritz value moves by less than this, relatively (it rises monotonically to λ_max). */
const LANCZOS_TOLERANCE = 1e-15;
/** Enough Krylov steps for λ_max to machine precision even when the top of the spectrum is clustered. */
const LANCZOS_MAX_STEPS = 300;
/** Bisection steps for the top eigenvalue of the small tridiagonal matrix (each halves the bracket). */
const BISECTION_STEPS = 200;

/**
 * σ_max(X)² = λ_max(XᵀX) for X row-major n×d, by Lanczos with full reorthogonalisation on v ↦ Xᵀ(Xv).
 * It never forms XᵀX (n·d² work at the largest sizes); each step costs 2·n·d and ~30–100 steps suffice.
 */
export function sigmaMax2(X: Float64Array, n: number, d: number): number {
  const basis: Float64Array[] = [];
  const alphas: number[] = [];
  const betas: number[] = [];
  const start = new NumpyRandomState(0).randnArray(d);
  scale(start, 1 / norm(start));
  basis.push(start);
  let ritz = 0;
  for (let j = 0; j < Math.min(d, LANCZOS_MAX_STEPS); j++) {
    const q = basis[j];
    const w = gramTimes(X, n, d, q);
    alphas.push(dot(q, w));
    // two passes of Gram–Schmidt against the whole basis keep it orthogonal to rounding
    for (let pass = 0; pass < 2; pass++) for (const p of basis) axpy(w, -dot(p, w), p);
    const next = tridiagonalMaxEigenvalue(alphas, betas);
    const beta = norm(w);
    const settled = j > 0 && Math.abs(next - ritz) <= LANCZOS_TOLERANCE * next;
    ritz = next;
    if (settled || beta <= LANCZOS_TOLERANCE * Math.max(ritz, Number.MIN_VALUE)) break;
    betas.push(beta);
    scale(w, 1 / beta);
    basis.push(w);
  }
  return ritz;
}

/** Xᵀ(Xv) = Σ_i (x_i·v) x_i, one pass over X. */
function gramTimes(X: Float64Array, n: number, d: number, v: Float64Array): Float64Array {
  const out = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += X[row + j] * v[j];
    for (let j = 0; j < d; j++) out[j] += X[row + j] * s;
  }
  return out;
}

/** Largest eigenvalue of the symmetric tridiagonal matrix (diagonal a, off-diagonal b) by Sturm bisection. */
function tridiagonalMaxEigenvalue(a: readonly number[], b: readonly number[]): number {
  const m = a.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < m; i++) {
    const radius = (i > 0 ? Math.abs(b[i - 1]) : 0) + (i < m - 1 ? Math.abs(b[i]) : 0);
    lo = Math.min(lo, a[i] - radius);
    hi = Math.max(hi, a[i] + radius);
  }
  for (let step = 0; step < BISECTION_STEPS && hi - lo > 0; step++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (eigenvaluesBelow(a, b, mid) === m) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Number of eigenvalues below x: the negative pivots of the LDLᵀ factorisation of T − xI. */
function eigenvaluesBelow(a: readonly number[], b: readonly number[], x: number): number {
  let count = 0;
  let pivot = 1;
  for (let i = 0; i < a.length; i++) {
    const off = i > 0 ? b[i - 1] : 0;
    pivot = a[i] - x - (i > 0 ? (off * off) / pivot : 0);
    if (pivot === 0) pivot = -Number.EPSILON * (Math.abs(x) + 1);
    if (pivot < 0) count++;
  }
  return count;
}

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < u.length; j++) s += u[j] * v[j];
  return s;
}

function norm(v: Float64Array): number {
  return Math.sqrt(dot(v, v));
}

function scale(v: Float64Array, factor: number): void {
  for (let j = 0; j < v.length; j++) v[j] *= factor;
}

/** y ← y + factor·x */
function axpy(y: Float64Array, factor: number, x: Float64Array): void {
  for (let j = 0; j < y.length; j++) y[j] += factor * x[j];
}

/** Solves the SVM for the training set; data that are not linearly separable are a user error. */
export function buildProblem(name: string, train: Dataset, test?: Dataset, svmOptions?: SvmOptions): Problem {
  const outcome = solveSvm(train, svmOptions);
  if (!outcome.separable) throw new LabError(outcome.message, 'data');
  return { name, train, test, svm: outcome.solution, sigmaMax2: sigmaMax2(train.X, train.n, train.d) };
}
