// Sharper dual weights for the spectral and nuclear answers. The barrier's λ ∝ 1/(z − 1) carry the
// method's centering error (their certificate stalls near 1e-6), while its W is accurate to ~1e-12. At the
// optimum M = Σ λ A is aligned with W in the dual norm (⟨M, W⟩ = ‖M‖_{p*}‖W‖_p), which pins M to a small
// family fixed by W's SVD W = Σ σ_i u_i y_iᵀ (Watson, Linear Algebra Appl. 170, 1992, on the
// subdifferentials of unitarily invariant norms):
//   spectral (dual nuclear): M = Σ_{a,b ≤ k} Z_ab u_a y_bᵀ with Z ⪰ 0, k the multiplicity of σ_1;
//   nuclear (dual spectral): M = g Σ_{i ≤ ρ} u_i y_iᵀ + P⊥ M Q⊥ with ‖P⊥ M Q⊥‖₂ ≤ g, ρ the rank of W,
//     P⊥ = I − U_ρU_ρᵀ and Q⊥ = I − Y_ρY_ρᵀ (on 1⊥): the block outside W's singular spaces is free.
// Given the active pairs C, λ_C and the family's coefficients solve one linear least-squares problem
// (L M(λ) = family, Σλ = 1, L the projection that forgets the free block) exactly when C is right.
// Which pairs are active, which singular values tie and which vanish are read from the barrier's answer
// at a few thresholds (a pair that is active with λ → 0 is degenerate: its λ and slack both shrink like
// τ^-½, so no single cut identifies it at every τ); each reading gives a candidate and the certificate
// recomputed from it decides. A candidate is only ever kept if its certificate is the better one.
import type { Dataset } from '../types.ts';
import { marginCertificate, svd, type MarginCertificate } from './matrix-norms.ts';
import { choleskyInPlace, choleskySolve } from '../linalg/dense-factor.ts';

/** A pair counts as active when its barrier weight is above one of these fractions of the largest. */
const ACTIVE_LEVELS = [1e-2, 1e-4, 1e-6, 1e-8];
/** Singular values within one of these relative distances of σ_1 count as tied (spectral). */
const TIED_LEVELS = [1e-7, 1e-5, 1e-3];
/** A rank ρ < K − 1 is tried when σ_{ρ+1} is below this fraction of σ_ρ (nuclear). */
const RANK_DROP = 1e-2;
/** At most this many ranks are tried (nuclear), the sharpest drops first after the full rank. */
const MAX_RANKS = 3;

interface PolishedDual {
  readonly lambda: Float64Array;
  readonly certificate: MarginCertificate;
}

/** The best certificate over the candidate active sets and singular structures, or undefined when none solves. */
export function polishDual(
  data: Dataset,
  W: Float64Array,
  lambda: Float64Array,
  norm: 'spectral' | 'nuclear',
): PolishedDual | undefined {
  const { n, k: K, y } = data;
  let top = 0;
  for (const l of lambda) top = Math.max(top, l);
  const { sigma, U, Y } = svd(W, data.d, K);
  const structures = norm === 'spectral' ? tiedCounts(sigma) : ranks(sigma, K);
  let best: PolishedDual | undefined;
  let lastSize = -1;
  for (const level of ACTIVE_LEVELS) {
    const active: number[] = [];
    for (let i = 0; i < n; i++)
      for (let c = 0; c < K; c++) if (c !== y[i] && lambda[i * K + c] > level * top) active.push(i * K + c);
    if (active.length === lastSize) continue; // the same set as the previous level
    // more active pairs than equations (d·(K − 1) entries of M on 1⊥, and Σλ = 1) leave λ underdetermined
    if (active.length > data.d * (K - 1) + 1) break;
    lastSize = active.length;
    for (const s of structures) {
      const weights = solveFamily(data, active, U, Y, norm, s);
      if (!weights) continue;
      const certificate = marginCertificate(data, W, weights, norm);
      if (!best || certificate.gap < best.certificate.gap) best = { lambda: weights, certificate };
    }
  }
  return best;
}

/** The multiplicities of σ_1 to try: how many σ lie within each TIED_LEVELS of it. */
function tiedCounts(sigma: Float64Array): number[] {
  const out = new Set<number>();
  for (const level of TIED_LEVELS) {
    let k = 0;
    while (k < sigma.length && sigma[k] >= sigma[0] * (1 - level)) k++;
    out.add(k);
  }
  return [...out];
}

/** The ranks to try: K − 1 (W·1 = 0 leaves one zero σ), then the sharpest drops below RANK_DROP. */
function ranks(sigma: Float64Array, K: number): number[] {
  const drops: { rank: number; ratio: number }[] = [];
  for (let rho = 1; rho < K - 1; rho++) {
    const ratio = sigma[rho] / sigma[rho - 1];
    if (ratio < RANK_DROP) drops.push({ rank: rho, ratio });
  }
  drops.sort((a, b) => a.ratio - b.ratio);
  return [K - 1, ...drops.slice(0, MAX_RANKS - 1).map((d) => d.rank)];
}

/**
 * λ on the active pairs (indexed i·K + c in the returned array) solving the least-squares problem for the
 * family of the given structure (spectral: σ_1's multiplicity; nuclear: W's rank); undefined if singular.
 */
function solveFamily(
  data: Dataset,
  active: readonly number[],
  U: Float64Array,
  Y: Float64Array,
  norm: 'spectral' | 'nuclear',
  s: number,
): Float64Array | undefined {
  const family = familyBasis(data, U, Y, norm, s);
  // nuclear below full rank: the block P⊥ M Q⊥ is free, so ⟨L A_c, L A_e⟩ = ⟨A_c, A_e⟩ − (x_iᵀP⊥x_m)(δ_cᵀQ⊥δ_e),
  // δ_c = e_{y_i} − e_c; projections of x_i on U_ρ and of δ_c on Y_ρ give both factors
  const free = norm === 'nuclear' && s < data.k - 1 ? freeBlockProjections(data, active, U, Y, s) : undefined;
  const { G, rhs } = normalEquations(data, active, family, free, s);
  return solveRidged(G, rhs, active, data.n * data.k);
}

/** The family's matrices B_b (d×K): spectral u_a y_bᵀ + u_b y_aᵀ for a ≤ b ≤ s; nuclear Σ_{a < s} u_a y_aᵀ. */
function familyBasis(
  data: Dataset,
  U: Float64Array,
  Y: Float64Array,
  norm: 'spectral' | 'nuclear',
  s: number,
): Float64Array[] {
  const { d, k: K } = data;
  const dK = d * K;
  const family: Float64Array[] = [];
  const outer = (a: number, b: number, into: Float64Array) => {
    for (let j = 0; j < d; j++) for (let c = 0; c < K; c++) into[j * K + c] += U[j * K + a] * Y[c * K + b];
  };
  if (norm === 'spectral') {
    for (let a = 0; a < s; a++)
      for (let b = a; b < s; b++) {
        const B = new Float64Array(dK);
        outer(a, b, B);
        if (a !== b) outer(b, a, B);
        family.push(B);
      }
  } else {
    const B = new Float64Array(dK);
    for (let a = 0; a < s; a++) outer(a, a, B);
    family.push(B);
  }
  return family;
}

/** Per active pair p (s entries each): ux = U_ρᵀ x_i and yd = Y_ρᵀ δ_c, the projections the free block needs. */
interface FreeBlockProjections {
  readonly ux: Float64Array;
  readonly yd: Float64Array;
}

function freeBlockProjections(
  data: Dataset,
  active: readonly number[],
  U: Float64Array,
  Y: Float64Array,
  s: number,
): FreeBlockProjections {
  const { d, k: K, X, y } = data;
  const nC = active.length;
  const ux = new Float64Array(nC * s);
  const yd = new Float64Array(nC * s);
  active.forEach((pc, p) => {
    const i = Math.floor(pc / K),
      c = pc % K;
    for (let a = 0; a < s; a++) {
      let u = 0;
      for (let j = 0; j < d; j++) u += U[j * K + a] * X[i * d + j];
      ux[p * s + a] = u;
      yd[p * s + a] = Y[y[i] * K + a] - Y[c * K + a];
    }
  });
  return { ux, yd };
}

/** x_iᵀ x_m for rows i, m of the d-column X. */
function rowDot(X: Float64Array, d: number, i: number, m: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) sum += X[i * d + j] * X[m * d + j];
  return sum;
}

/**
 * The least-squares problem's normal equations G x = rhs. Unknowns x = (λ_C, θ); residual rows:
 * L Σ λ_c A_c − Σ θ_b B_b (d·K of them) and Σ λ_c − 1.
 */
function normalEquations(
  data: Dataset,
  active: readonly number[],
  family: readonly Float64Array[],
  free: FreeBlockProjections | undefined,
  s: number,
): { G: Float64Array; rhs: Float64Array } {
  const { d, k: K, X, y } = data;
  const nC = active.length;
  const nx = nC + family.length;
  const G = new Float64Array(nx * nx);
  const rhs = new Float64Array(nx);
  for (let p = 0; p < nC; p++) {
    const i = Math.floor(active[p] / K),
      c = active[p] % K;
    rhs[p] = 1;
    for (let q = p; q < nC; q++) {
      const m = Math.floor(active[q] / K),
        e = active[q] % K;
      const labels = (y[i] === y[m] ? 1 : 0) - (y[i] === e ? 1 : 0) - (c === y[m] ? 1 : 0) + (c === e ? 1 : 0);
      let v = (labels === 0 ? 0 : labels * rowDot(X, d, i, m)) + 1;
      if (free) {
        const { ux, yd } = free;
        let xPx = rowDot(X, d, i, m);
        let dQd = labels;
        for (let a = 0; a < s; a++) {
          xPx -= ux[p * s + a] * ux[q * s + a];
          dQd -= yd[p * s + a] * yd[q * s + a];
        }
        v -= xPx * dQd;
      }
      G[p * nx + q] = v;
      G[q * nx + p] = v;
    }
    family.forEach((B, b) => {
      let sum = 0;
      for (let j = 0; j < d; j++) sum += X[i * d + j] * (B[j * K + y[i]] - B[j * K + c]);
      G[p * nx + nC + b] = -sum;
      G[(nC + b) * nx + p] = -sum;
    });
  }
  addFamilyGram(G, nx, nC, family);
  return { G, rhs };
}

/** G's (θ, θ) block: ⟨B_a, B_b⟩ for every pair of family matrices. */
function addFamilyGram(G: Float64Array, nx: number, nC: number, family: readonly Float64Array[]): void {
  family.forEach((B, a) =>
    family.forEach((C, b) => {
      let sum = 0;
      for (let e = 0; e < B.length; e++) sum += B[e] * C[e];
      G[(nC + a) * nx + nC + b] = sum;
    }),
  );
}

/**
 * x from G x = rhs by Cholesky, with a growing ridge on the diagonal if G is numerically singular; its λ part
 * scattered into an array of `size` indexed by pair. Undefined when every ridge fails.
 */
function solveRidged(
  G: Float64Array,
  rhs: Float64Array,
  active: readonly number[],
  size: number,
): Float64Array | undefined {
  const nx = rhs.length;
  let scale = 0;
  for (let p = 0; p < nx; p++) scale = Math.max(scale, G[p * nx + p]);
  for (let attempt = 0; attempt < 4; attempt++) {
    const L = Float64Array.from(G);
    if (attempt > 0) for (let p = 0; p < nx; p++) L[p * nx + p] += scale * 1e-15 * 100 ** attempt;
    if (!choleskyInPlace(L, nx)) continue;
    const x = choleskySolve(L, nx, rhs);
    const out = new Float64Array(size);
    active.forEach((c, p) => (out[c] = x[p]));
    return out;
  }
  return undefined;
}
