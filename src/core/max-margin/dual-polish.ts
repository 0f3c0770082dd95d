// Sharper dual weights for the spectral and nuclear answers. The barrier's λ ∝ 1/(z − 1) carry the
// method's centering error (their certificate stalls near 1e-6), while its W is accurate to ~1e-12. At the
// optimum M = Σ λ A is aligned with W in the dual norm (⟨M, W⟩ = ‖M‖_{p*}‖W‖_p), which pins M to a small
// family fixed by W's SVD W = Σ σ_i u_i y_iᵀ:
//   spectral (dual nuclear): M = Σ_{a,b ≤ k} Z_ab u_a y_bᵀ with Z ⪰ 0, k the multiplicity of σ_1;
//   nuclear (dual spectral): M = g Σ_{i ≤ rank} u_i y_iᵀ when W has full rank K − 1 on 1⊥.
// Given the active pairs C (where the barrier's λ is not negligible), λ_C and the family's coefficients
// solve one linear least-squares problem (M(λ) = family, Σλ = 1) exactly when the active set is right. The
// result is only a candidate: the certificate is recomputed from it, and kept only if it is better.
import type { Dataset } from '../types.ts';
import { svd } from '../norms.ts';
import { choleskyInPlace, choleskySolve } from './dense.ts';

/** A pair counts as active when its barrier weight is above this fraction of the largest. */
const ACTIVE = 1e-4;
/** Singular values within this relative distance of σ_1 count as tied (spectral). */
const TIED = 1e-5;
/** Singular values below this fraction of σ_1 count as zero (nuclear). */
const ZERO = 1e-8;

export function polishDual(data: Dataset, W: Float64Array, lambda: Float64Array, norm: 'spectral' | 'nuclear'): Float64Array | undefined {
  const { n, d, k: K, X, y } = data;
  const dK = d * K;
  let top = 0;
  for (const l of lambda) top = Math.max(top, l);
  const active: number[] = [];
  for (let i = 0; i < n; i++) for (let c = 0; c < K; c++) if (c !== y[i] && lambda[i * K + c] > ACTIVE * top) active.push(i * K + c);
  const { sigma, U, Y } = svd(W, d, K);
  const family: Float64Array[] = [];
  const outer = (a: number, b: number, into: Float64Array, scale = 1) => {
    for (let j = 0; j < d; j++) for (let c = 0; c < K; c++) into[j * K + c] += scale * U[j * K + a] * Y[c * K + b];
  };
  if (norm === 'spectral') {
    let k = 0;
    while (k < K && sigma[k] >= sigma[0] * (1 - TIED)) k++;
    for (let a = 0; a < k; a++) for (let b = a; b < k; b++) {
      const B = new Float64Array(dK);
      outer(a, b, B);
      if (a !== b) outer(b, a, B);
      family.push(B);
    }
  } else {
    let rank = 0;
    while (rank < K && sigma[rank] > sigma[0] * ZERO) rank++;
    if (rank < K - 1) return undefined;
    const B = new Float64Array(dK);
    for (let a = 0; a < rank; a++) outer(a, a, B);
    family.push(B);
  }
  // unknowns x = (λ_C, θ); residual rows: Σ λ_c A_c − Σ θ_b B_b (d·K of them) and Σ λ_c − 1
  const nC = active.length;
  const nx = nC + family.length;
  const G = new Float64Array(nx * nx);
  const rhs = new Float64Array(nx);
  const rowDot = (i: number, m: number) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += X[i * d + j] * X[m * d + j];
    return s;
  };
  for (let p = 0; p < nC; p++) {
    const i = Math.floor(active[p] / K), c = active[p] % K;
    rhs[p] = 1;
    for (let q = p; q < nC; q++) {
      const m = Math.floor(active[q] / K), e = active[q] % K;
      const labels = (y[i] === y[m] ? 1 : 0) - (y[i] === e ? 1 : 0) - (c === y[m] ? 1 : 0) + (c === e ? 1 : 0);
      const v = (labels === 0 ? 0 : labels * rowDot(i, m)) + 1;
      G[p * nx + q] = v;
      G[q * nx + p] = v;
    }
    family.forEach((B, b) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[i * d + j] * (B[j * K + y[i]] - B[j * K + c]);
      G[p * nx + nC + b] = -s;
      G[(nC + b) * nx + p] = -s;
    });
  }
  family.forEach((B, a) => family.forEach((C, b) => {
    let s = 0;
    for (let e = 0; e < dK; e++) s += B[e] * C[e];
    G[(nC + a) * nx + nC + b] = s;
  }));
  let scale = 0;
  for (let p = 0; p < nx; p++) scale = Math.max(scale, G[p * nx + p]);
  for (let attempt = 0; attempt < 4; attempt++) {
    const L = Float64Array.from(G);
    if (attempt > 0) for (let p = 0; p < nx; p++) L[p * nx + p] += scale * 1e-15 * 100 ** attempt;
    if (!choleskyInPlace(L, nx)) continue;
    const x = choleskySolve(L, nx, rhs);
    const out = new Float64Array(n * K);
    active.forEach((c, p) => (out[c] = x[p]));
    return out;
  }
  return undefined;
}
