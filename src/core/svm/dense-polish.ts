// A last, accurate solve of the active-set equations a_cᵀw = 1 (c active), w = Σ α_c a_c, for when the
// incrementally updated factor has drifted too far for refinement to converge (small margins make the
// active normals nearly dependent). The normals are laid out densely and factored afresh by Householder
// QR (backward stable, so the error grows like cond(A), not cond(AᵀA)); w and α are then refined against
// residuals computed in twice the precision (compensated.ts) until they stop shrinking.
import { CompensatedSum } from '../linalg/compensated.ts';
import type { ConstraintFamily } from './constraint-family.ts';

/** Most refinement rounds; each gains about −log10(2.2e-16·cond(A)) digits. */
const POLISH_ROUNDS = 12;

interface Polished {
  readonly w: Float64Array;
  readonly alpha: Float64Array;
  /** max |1 − a_cᵀw| over the active constraints */
  readonly residual: number;
}

/** undefined when the normals are numerically dependent (a zero pivot) */
export function polishActiveSet(family: ConstraintFamily, active: readonly number[]): Polished | undefined {
  const m = family.dimension;
  const q = active.length;
  const columns = active.map((c) => {
    const a = new Float64Array(m);
    family.addScaled(a, c, 1);
    return a;
  });
  const qr = householder(
    columns.map((a) => Float64Array.from(a)),
    m,
  );
  if (!qr) return undefined;
  const { reflectors, R } = qr;
  // w: the minimum-norm solution of Aᵀw = 1 is Q R⁻ᵀ 1; refine w ← w + Q R⁻ᵀ(1 − Aᵀw)
  let w: Float64Array = new Float64Array(m);
  let best = { w, residual: Infinity };
  for (let round = 0; round < POLISH_ROUNDS; round++) {
    const r = Float64Array.from(columns, (a) => 1 - accurateDot(a, w));
    const size = r.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    if (size < best.residual) best = { w, residual: size };
    else break;
    if (size === 0) break;
    const step = applyQ(reflectors, forward(R, r), m);
    w = plus(w, step);
  }
  w = best.w;
  // α: Aα = w in the least-squares sense is α = R⁻¹Qᵀw; refine against w − Aα
  let alpha: Float64Array = new Float64Array(q);
  let bestAlpha = { alpha, size: Infinity };
  for (let round = 0; round < POLISH_ROUNDS; round++) {
    const diff = residualOfCombination(columns, alpha, w);
    const size = diff.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    if (size < bestAlpha.size) bestAlpha = { alpha, size };
    else break;
    if (size === 0) break;
    const step = backward(R, applyQt(reflectors, diff).subarray(0, q));
    alpha = alpha.map((v, j) => v + step[j]);
  }
  alpha = bestAlpha.alpha;
  if (!alpha.every(Number.isFinite) || !w.every(Number.isFinite)) return undefined;
  return { w, alpha, residual: best.residual };
}

interface Qr {
  /** unit Householder vectors v_j (length m − j) with H_j = I − 2 v vᵀ */
  readonly reflectors: Float64Array[];
  /** q×q upper triangular, row-major */
  readonly R: Float64Array;
}

function householder(columns: Float64Array[], m: number): Qr | undefined {
  const q = columns.length;
  const R = new Float64Array(q * q);
  const reflectors: Float64Array[] = [];
  for (let j = 0; j < q; j++) {
    const x = columns[j].subarray(j);
    const scale = x.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    if (scale === 0 || j >= m) return undefined;
    let norm = 0;
    for (const v of x) norm += (v / scale) ** 2;
    norm = scale * Math.sqrt(norm);
    const alpha = x[0] >= 0 ? -norm : norm;
    const v = Float64Array.from(x);
    v[0] -= alpha;
    const vScale = v.reduce((s, e) => Math.max(s, Math.abs(e)), 0);
    let vNorm = 0;
    for (const e of v) vNorm += (e / vScale) ** 2;
    vNorm = vScale * Math.sqrt(vNorm);
    for (let e = 0; e < v.length; e++) v[e] /= vNorm;
    reflectors.push(v);
    for (let k = j; k < q; k++) {
      const col = columns[k].subarray(j);
      let s = 0;
      for (let e = 0; e < v.length; e++) s += v[e] * col[e];
      for (let e = 0; e < v.length; e++) col[e] -= 2 * s * v[e];
      for (let row = 0; row <= Math.min(k, j); row++) R[row * q + k] = columns[k][row];
    }
    if (R[j * q + j] === 0) return undefined;
  }
  return { reflectors, R };
}

/** Q y for y of length q: pad with zeros, apply H_{q−1} … H_0 in reverse order */
function applyQ(reflectors: Float64Array[], y: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m);
  out.set(y);
  for (let j = reflectors.length - 1; j >= 0; j--) reflect(reflectors[j], out.subarray(j));
  return out;
}

function applyQt(reflectors: Float64Array[], z: Float64Array): Float64Array {
  const out = Float64Array.from(z);
  for (let j = 0; j < reflectors.length; j++) reflect(reflectors[j], out.subarray(j));
  return out;
}

function reflect(v: Float64Array, x: Float64Array): void {
  let s = 0;
  for (let e = 0; e < v.length; e++) s += v[e] * x[e];
  for (let e = 0; e < v.length; e++) x[e] -= 2 * s * v[e];
}

/** x with Rᵀx = b */
function forward(R: Float64Array, b: Float64Array): Float64Array {
  const q = b.length;
  const x = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= R[k * q + i] * x[k];
    x[i] = s / R[i * q + i];
  }
  return x;
}

/** x with Rx = b */
function backward(R: Float64Array, b: Float64Array): Float64Array {
  const q = b.length;
  const x = new Float64Array(q);
  for (let i = q - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < q; k++) s -= R[i * q + k] * x[k];
    x[i] = s / R[i * q + i];
  }
  return x;
}

function accurateDot(a: Float64Array, b: Float64Array): number {
  const sum = new CompensatedSum();
  for (let e = 0; e < a.length; e++) if (a[e] !== 0) sum.addProduct(a[e], b[e]);
  return sum.value;
}

/** w + step, each entry rounded once */
function plus(w: Float64Array, step: Float64Array): Float64Array {
  return w.map((v, e) => v + step[e]);
}

/** w − Σ α_j a_j, in twice the precision */
function residualOfCombination(columns: Float64Array[], alpha: Float64Array, w: Float64Array): Float64Array {
  return w.map((v, e) => {
    const sum = new CompensatedSum();
    sum.add(v);
    for (let j = 0; j < columns.length; j++) if (columns[j][e] !== 0) sum.addProduct(-alpha[j], columns[j][e]);
    return sum.value;
  });
}
