// The matrix norms an optimizer can be implicitly biased toward, their duals, and the duality
// certificate of a max-margin solution in any of them.
//
// W is d×K row-major. Pair margins z_ic(W) = (w_{y_i} − w_c)ᵀ x_i = ⟨W, A_ic⟩ with A_ic = x_i (e_{y_i} − e_c)ᵀ,
// m(W) = min over i and c ≠ y_i. γ_p = max over ‖W‖_p ≤ 1 of m(W). For λ ≥ 0 with Σλ = 1,
// m(W) ≤ Σ λ_ic z_ic(W) = ⟨W, Σ λ A⟩ ≤ ‖W‖_p ‖Σ λ A‖_{p*}, so every W and λ bracket γ_p:
// m(W)/‖W‖_p ≤ γ_p ≤ ‖Σ λ A‖_{p*} (weak duality; Gunasekar et al., arXiv 1802.08246, §3; Fan, Schmidt,
// Thrampoulidis, arXiv 2502.04664, §2). Dual pairs: entrywise max ↔ entrywise ℓ1, Frobenius ↔ itself,
// spectral ↔ nuclear.
import { addScaledPair, scaleByPowerOfTwo, twoSumError } from '../linalg/compensated.ts';
import { frobeniusNorm, scaleToUnitRange, unitExponent } from '../linalg/power-of-two-scale.ts';
import type { Dataset, NormName, PerNorm } from '../types.ts';

export { NORM_NAMES, type NormName, type PerNorm } from '../types.ts';

/** The dual norm of each norm (‖M‖_{p*} = max over ‖W‖_p ≤ 1 of ⟨W, M⟩). */
const DUAL_NORM: Readonly<Record<NormName, NormName>> = {
  fro: 'fro',
  max: 'l1',
  l1: 'max',
  spectral: 'nuclear',
  nuclear: 'spectral',
};

/** Jacobi sweeps before giving up; one-sided Jacobi converges quadratically, ~6–10 sweeps in practice. */
const JACOBI_MAX_SWEEPS = 60;

/**
 * Thin SVD of the d×K row-major matrix W by one-sided (Hestenes) Jacobi: rotate pairs of columns until
 * they are orthogonal; the column norms are then the singular values, the normalised columns the left
 * singular vectors and the accumulated rotations the right ones. It works on W itself (not WᵀW), so small
 * singular values keep their relative accuracy. σ is sorted largest first; U is d×K, Y is K×K (columns
 * in the same order; a zero singular value leaves a zero column in U). It rotates W scaled by a power of
 * two to a largest |entry| in [1, 2): the column sums of squares would underflow for entries ≲ 1e-160
 * (no rotation, σ = 0) and overflow for ≳ 1e154.
 */
export function svd(
  W: ArrayLike<number>,
  d: number,
  K: number,
): { sigma: Float64Array; U: Float64Array; Y: Float64Array } {
  const { scaled: A, exponent } = scaleToUnitRange(W);
  const R = new Float64Array(K * K);
  for (let k = 0; k < K; k++) R[k * K + k] = 1;
  for (let sweep = 0; sweep < JACOBI_MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < K - 1; p++) {
      for (let q = p + 1; q < K; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let j = 0; j < d; j++) {
          const a = A[j * K + p];
          const b = A[j * K + q];
          alpha += a * a;
          beta += b * b;
          gamma += a * b;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (const [M, rows] of [
          [A, d],
          [R, K],
        ] as const) {
          for (let j = 0; j < rows; j++) {
            const a = M[j * K + p];
            const b = M[j * K + q];
            M[j * K + p] = c * a - s * b;
            M[j * K + q] = s * a + c * b;
          }
        }
      }
    }
    if (!rotated) break;
  }
  const norms = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += A[j * K + k] ** 2;
    norms[k] = Math.sqrt(s);
  }
  const order = Array.from({ length: K }, (_, k) => k).sort((a, b) => norms[b] - norms[a]);
  const sigma = Float64Array.from(order, (k) => scaleByPowerOfTwo(norms[k], exponent));
  const U = new Float64Array(d * K);
  const Y = new Float64Array(K * K);
  order.forEach((k, col) => {
    for (let j = 0; j < d; j++) U[j * K + col] = norms[k] > 0 ? A[j * K + k] / norms[k] : 0;
    for (let j = 0; j < K; j++) Y[j * K + col] = R[j * K + k];
  });
  return { sigma, U, Y };
}

/** Singular values of the d×K row-major matrix W, largest first (one-sided Jacobi, see svd). */
export function singularValues(W: ArrayLike<number>, d: number, K: number): Float64Array {
  return svd(W, d, K).sigma;
}

/**
 * ‖W‖_p of the d×K matrix W. `max` is the largest |entry| (not numpy's max row sum). Every norm is
 * computed without under- or overflow of its intermediate sums: it is 0 only for W = 0.
 */
export function matrixNorm(W: ArrayLike<number>, d: number, K: number, p: NormName): number {
  switch (p) {
    case 'fro':
      return frobeniusNorm(W);
    case 'max': {
      let m = 0;
      for (let e = 0; e < d * K; e++) m = Math.max(m, Math.abs(W[e]));
      return m;
    }
    case 'l1': {
      const { scaled, exponent } = scaleToUnitRange(W);
      let s = 0;
      for (let e = 0; e < d * K; e++) s += Math.abs(scaled[e]);
      return scaleByPowerOfTwo(s, exponent);
    }
    case 'spectral':
      return singularValues(W, d, K)[0] ?? 0;
    case 'nuclear':
      return singularValues(W, d, K).reduce((a, b) => a + b, 0);
  }
}

/** Every pair margin z_ic(W), at index i·K + c; the own class c = y_i holds +Infinity. */
export function pairMargins(W: ArrayLike<number>, data: Dataset): Float64Array {
  const { n, d, k: K, X, y } = data;
  const out = new Float64Array(n * K);
  const s = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    s.fill(0);
    for (let j = 0; j < d; j++) {
      const x = X[i * d + j];
      if (x === 0) continue;
      for (let c = 0; c < K; c++) s[c] += x * W[j * K + c];
    }
    for (let c = 0; c < K; c++) out[i * K + c] = c === y[i] ? Infinity : s[y[i]] - s[c];
  }
  return out;
}

/** m(W) = min over i and c ≠ y_i of (w_{y_i} − w_c)ᵀ x_i. */
export function minPairMargin(W: ArrayLike<number>, data: Dataset): number {
  return pairMargins(W, data).reduce((m, v) => Math.min(m, v), Infinity);
}

/**
 * m(W) in twice float64's precision: each class score Σ_j x_ij W_jc as a TwoProduct/TwoSum pair, and the
 * difference of two scores from those pairs. Near a small margin z_ic is the difference of two scores far
 * larger than it, and the plain m(W) keeps only a few of its digits (at margins ≈ 1e-9 of the data's scale
 * the max-norm answer's m(W) came out above its own dual bound, a gap of −2.7e-8).
 */
export function accurateMinPairMargin(W: ArrayLike<number>, data: Dataset): number {
  const { n, d, k: K, X, y } = data;
  const hi = new Float64Array(K);
  const lo = new Float64Array(K);
  let m = Infinity;
  for (let i = 0; i < n; i++) {
    hi.fill(0);
    lo.fill(0);
    for (let j = 0; j < d; j++) {
      const x = X[i * d + j];
      if (x !== 0) for (let c = 0; c < K; c++) addScaledPair(hi, lo, c, x, W[j * K + c]);
    }
    const own = y[i];
    for (let c = 0; c < K; c++) {
      if (c === own) continue;
      const head = hi[own] - hi[c];
      m = Math.min(m, head + (twoSumError(hi[own], -hi[c], head) + (lo[own] - lo[c])));
    }
  }
  return m;
}

/** Σ λ_ic A_ic = Σ λ_ic x_i (e_{y_i} − e_c)ᵀ for weights λ indexed i·K + c (the own class is ignored). */
function combineConstraints(lambda: ArrayLike<number>, data: Dataset): Float64Array {
  const { n, d, k: K, X, y } = data;
  const M = new Float64Array(d * K);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < K; c++) {
      const l = lambda[i * K + c];
      if (c === y[i] || l === 0) continue;
      for (let j = 0; j < d; j++) {
        const v = l * X[i * d + j];
        M[j * K + y[i]] += v;
        M[j * K + c] -= v;
      }
    }
  }
  return M;
}

/**
 * Σ λ A as combineConstraints, each entry summed in twice float64's precision: at the optimum of a small
 * margin its entries are differences of terms far larger than they are (two rows nearly alike, opposite
 * labels), and the plain sum keeps only a few of their digits.
 */
export function accurateCombineConstraints(lambda: ArrayLike<number>, data: Dataset): Float64Array {
  const { n, d, k: K, X, y } = data;
  const hi = new Float64Array(d * K);
  const lo = new Float64Array(d * K);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < K; c++) {
      const l = lambda[i * K + c];
      if (c === y[i] || l === 0) continue;
      for (let j = 0; j < d; j++) {
        const x = X[i * d + j];
        if (x === 0) continue;
        addScaledPair(hi, lo, j * K + y[i], l, x);
        addScaledPair(hi, lo, j * K + c, -l, x);
      }
    }
  }
  return hi.map((v, e) => v + lo[e]);
}

/** The duality certificate of a max-margin answer in norm p. */
export interface MarginCertificate {
  /** m(W)/‖W‖_p of the primal W: a margin attained, so γ_p ≥ primal */
  readonly primal: number;
  /** ‖Σ λ A‖_{p*} for the dual weights λ ≥ 0 scaled to Σλ = 1: so γ_p ≤ dual */
  readonly dual: number;
  /** (dual − primal)/dual, the relative duality gap (≥ 0 up to rounding) */
  readonly gap: number;
  /** the dual norm the bound is measured in */
  readonly dualNorm: NormName;
  /** number of pair constraints with λ > 0 */
  readonly support: number;
}

/**
 * The certificate of (W, λ): any W with m(W) > 0 and any λ ≥ 0 (indexed i·K + c, not all zero) bracket γ_p.
 * λ is rescaled to the simplex here; negative entries (rounding) are dropped.
 */
export function marginCertificate(
  data: Dataset,
  W: ArrayLike<number>,
  lambda: ArrayLike<number>,
  p: NormName,
  accurate = false,
): MarginCertificate {
  const { d, k: K, n, y } = data;
  const weights = new Float64Array(n * K);
  let total = 0;
  let support = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < K; c++) {
      const l = lambda[i * K + c];
      if (c === y[i] || !(l > 0)) continue;
      weights[i * K + c] = l;
      total += l;
      support++;
    }
  }
  for (let e = 0; e < weights.length; e++) weights[e] /= total;
  // `accurate` (the answer's own certificate, once per solve) sums both sides in twice the precision; the
  // solvers' many intermediate certificates use plain sums, which are accurate enough to compare candidates
  const margin = accurate ? accurateMinPairMargin(W, data) : minPairMargin(W, data);
  const primal = margin / matrixNorm(W, d, K, p);
  const dual = matrixNorm(
    (accurate ? accurateCombineConstraints : combineConstraints)(weights, data),
    d,
    K,
    DUAL_NORM[p],
  );
  return { primal, dual, gap: (dual - primal) / dual, dualNorm: DUAL_NORM[p], support };
}

/**
 * ρ_p(W) = m(W)/(‖W‖_p γ_p) for every norm: ≤ 1 always, → 1 exactly when W turns toward the p-norm
 * max-margin set. null where ‖W‖_p = 0 or γ_p is unknown. ρ_p does not change under W → cW, nor under
 * X → sX with γ_p → sγ_p, so both are brought near 1 by powers of two (exact) before anything is summed:
 * the norms from W·2^a with its largest |entry| in [1, 2) (a W beyond about 1e±154 has squares that
 * overflow or underflow), the margin from W·2^(a+b), 2^b the power that brings X's largest |entry| there.
 */
export function marginRatios(
  W: ArrayLike<number>,
  data: Dataset,
  gammas: Partial<PerNorm<number>> | undefined,
): PerNorm<number | null> {
  const { d, k: K } = data;
  const a = unitExponent(W);
  const b = unitExponent(data.X);
  const unitW = Float64Array.from(W as ArrayLike<number>, (v) => scaleByPowerOfTwo(v, a));
  const m = minPairMargin(
    Float64Array.from(W as ArrayLike<number>, (v) => scaleByPowerOfTwo(v, a + b)),
    data,
  );
  const sigma = singularValues(unitW, d, K);
  const norms: PerNorm<number> = {
    fro: matrixNorm(unitW, d, K, 'fro'),
    max: matrixNorm(unitW, d, K, 'max'),
    l1: matrixNorm(unitW, d, K, 'l1'),
    spectral: sigma[0] ?? 0,
    nuclear: sigma.reduce((x, y) => x + y, 0),
  };
  const ratio = (p: NormName): number | null => {
    const g = gammas?.[p];
    if (!(norms[p] > 0) || g === undefined || !(g > 0)) return null;
    return m / (norms[p] * scaleByPowerOfTwo(g, b));
  };
  return {
    fro: ratio('fro'),
    max: ratio('max'),
    l1: ratio('l1'),
    spectral: ratio('spectral'),
    nuclear: ratio('nuclear'),
  };
}

/**
 * Largest N·d·K for which a run computes the norm references before it starts (e.g. N = 500, d = 40,
 * K = 10: all five norms in 5 s on the 2-core development machine, 21 s at the slowest shape, 200 × 100 ×
 * 10; 1000 × 100 × 10 takes about 45 s, docs/benchmarks.md); beyond it ρ is null and
 * `svm --norm` solves one norm at a time.
 */
export const NORM_REFERENCE_LIMIT = 2e5;

/** Why a problem gets no norm references, or undefined when it does. */
export function normReferencesSkipped(train: Dataset): string | undefined {
  const work = train.n * train.d * train.k;
  if (work <= NORM_REFERENCE_LIMIT) return undefined;
  return `γ_p in the other norms is not computed for N·d·K = ${work} > ${NORM_REFERENCE_LIMIT} (rho is null); "lab svm --norm" solves one norm at a time`;
}
