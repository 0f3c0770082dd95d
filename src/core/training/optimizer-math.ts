// The array work of the optimizers' float64 steps (src/core/training/optimizers.ts): scaled copies, signs, the
// polar and top-pair maps, Muon's Newton–Schulz iterate and the log-scaled momentum average.
import * as pm from '../linalg/portable-math.ts';
import { polarMap } from '../linalg/sym-eigen.ts';

/** What the step helpers read of a step (the table's StepContext has all of it). */
export interface StepParts {
  readonly g: { readonly dir: Float64Array; readonly logScale: number };
  readonly eta: number;
  readonly p: { readonly beta: number };
  readonly state: { readonly m: Float64Array; mLog: number; readonly basis: Float64Array; readonly work: Float64Array };
  readonly k: number;
  readonly d: number;
  readonly out: Float64Array;
}

export function scaleInto(out: Float64Array, src: Float64Array, scale: number): void {
  for (let q = 0; q < out.length; q++) out[q] = scale * src[q];
}

export function signInto(out: Float64Array, src: Float64Array, eta: number): void {
  for (let q = 0; q < out.length; q++) out[q] = src[q] > 0 ? eta : src[q] < 0 ? -eta : 0;
}

/** out = η · P·A for a K×K map P (A, out K×d). */
function applyMap(out: Float64Array, P: Float64Array, A: Float64Array, k: number, d: number, eta: number): void {
  for (let a = 0; a < k; a++) {
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let b = 0; b < k; b++) sum += P[a * k + b] * A[b * d + j];
      out[a * d + j] = eta * sum;
    }
  }
}

/** out = η · (U Vᵀ)ᵀ of the matrix whose transpose is A (K×d), or 0 when A = 0. */
export function polarStep(ctx: StepParts, A: Float64Array, top: boolean): boolean {
  const P = polarMap(A, ctx.k, ctx.d, ctx.state.basis, top);
  if (!P) {
    ctx.out.fill(0);
    return true;
  }
  if (!P.every(Number.isFinite)) return false;
  applyMap(ctx.out, P, A, ctx.k, ctx.d, ctx.eta);
  return true;
}

/** Newton–Schulz quintic coefficients of Muon (K. Jordan et al., "Muon", 2024): X ← aX + b(XXᵀ)X + c(XXᵀ)²X. */
export const NS_COEFFICIENTS = [3.4445, -4.775, 2.0315] as const;

/** out = η · X_n for n Newton–Schulz iterations from X₀ = A/‖A‖_F, in the K×K Gram form X ← (aI + bB + cB²)X, B = XXᵀ (X as K×d). */
export function newtonSchulzStep(ctx: StepParts, A: Float64Array, iterations: number): boolean {
  const { k, d, out, eta } = ctx;
  const [ca, cb, cc] = NS_COEFFICIENTS;
  let norm = 0;
  for (let q = 0; q < A.length; q++) norm += A[q] * A[q];
  norm = Math.sqrt(norm);
  if (norm === 0) {
    out.fill(0);
    return true;
  }
  if (!Number.isFinite(norm)) return false;
  const X = ctx.state.work;
  scaleInto(X, A, 1 / norm);
  const B = new Float64Array(k * k);
  const M = new Float64Array(k * k);
  const next = new Float64Array(k * d);
  for (let it = 0; it < iterations; it++) {
    for (let a = 0; a < k; a++)
      for (let b = a; b < k; b++) {
        let sum = 0;
        for (let j = 0; j < d; j++) sum += X[a * d + j] * X[b * d + j];
        B[a * k + b] = sum;
        B[b * k + a] = sum;
      }
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) {
        let sum = 0;
        for (let c = 0; c < k; c++) sum += B[a * k + c] * B[c * k + b];
        M[a * k + b] = (a === b ? ca : 0) + cb * B[a * k + b] + cc * sum;
      }
    applyMap(next, M, X, k, d, 1);
    X.set(next);
  }
  scaleInto(out, X, eta);
  return true;
}

/** M_t = β M_{t−1} + (1 − β) G_t kept as e^{mLog}·state.m, so that underflowing gradients keep their direction. */
export function accumulateMomentum(ctx: StepParts): void {
  const { state, g, p } = ctx;
  const a = state.mLog + pm.log(p.beta);
  const b = g.logScale + pm.log(1 - p.beta);
  const top = Math.max(a, b);
  if (top === -Infinity) return; // M stays 0
  const fa = pm.exp(a - top);
  const fb = pm.exp(b - top);
  const { m } = state;
  const dir = g.dir;
  for (let q = 0; q < m.length; q++) m[q] = (fa === 0 ? 0 : fa * m[q]) + (fb === 0 ? 0 : fb * dir[q]);
  state.mLog = top;
}
