// The two semidefinite cones of the spectral and nuclear max-margin problems as convex barriers
// on V (d×r, W = V Qᵀ with r = K − 1) plus a few extra variables, each with its value, gradient and dense
// Hessian for the Newton steps of sdp.ts. Both are the log-det barrier of a linear matrix inequality,
// restricted to an affine subspace, written through a Schur complement so only r×r matrices are factored:
//   spectral: [[s I_r, Vᵀ], [V, I_d]] ⪰ 0  ⇔  s I − VᵀV ⪰ 0 (s ≥ ‖V‖₂²);  barrier −log det(s I − VᵀV).
//   nuclear:  [[I_d ⊗ B, vec V], [vec Vᵀ, t]] ⪰ 0  ⇔  B ≻ 0, t ≥ tr(V B⁻¹ Vᵀ); objective (tr B + t)/2 ≥ ‖V‖_*
//             (equality at B = (VᵀV)^½); barrier −log det B − log(t − tr(V B⁻¹ Vᵀ)).
// (The nuclear form is the d×d-block LMI [[B, Vᵀ],[V, A]] ⪰ 0 of Fazel, Hindi, Boyd 2001 with the d×d
// block A eliminated: only its trace enters the objective, and its least value is tr(V B⁻¹ Vᵀ).)
// The nuclear barrier's log det B has weight 1, not the d of the LMI's own log-det barrier (which would
// make it self-concordant with ν = d·r + 1): with weight d the first centerings crept, 323 Newton steps at
// N = 1000, d = 100, K = 10 against 62 with weight 1. Weight 1 keeps the barrier convex (−log of a concave
// function, plus −log det) on the same domain, which is all the damped Newton steps of sdp.ts use, and
// the answer does not lean on the barrier's theory: its certificate is computed from (W, λ) in matrix-norms.ts.
import { choleskyInPlace } from '../linalg/dense-factor.ts';

interface ConeEval {
  readonly value: number;
  /** gradient over [vec V | extra] */
  readonly grad: Float64Array;
  /** dense Hessian over [vec V | extra], row-major */
  readonly hess: Float64Array;
}

export interface Cone {
  /** number of variables after vec V */
  readonly extra: number;
  /** the barrier's parameter ν (the orders of its log terms): r for spectral, r + 1 for nuclear */
  readonly nu: number;
  /** objective coefficients of the extra variables (V has none) */
  readonly cost: Float64Array;
  /** the extra variables of a strictly feasible point for V */
  start(V: Float64Array): Float64Array;
  /** undefined outside the cone's interior */
  evaluate(u: Float64Array, withHessian: boolean): ConeEval | undefined;
}

/** r×r symmetric inverse and log det by Cholesky; undefined unless positive definite. */
function inverseSpd(S: Float64Array, r: number): { inv: Float64Array; logDet: number } | undefined {
  const L = Float64Array.from(S);
  if (!choleskyInPlace(L, r)) return undefined;
  let logDet = 0;
  for (let i = 0; i < r; i++) logDet += 2 * Math.log(L[i * r + i]);
  const inv = new Float64Array(r * r);
  for (let col = 0; col < r; col++) {
    const x = new Float64Array(r);
    x[col] = 1;
    for (let i = 0; i < r; i++) {
      let s = x[i];
      for (let k = 0; k < i; k++) s -= L[i * r + k] * x[k];
      x[i] = s / L[i * r + i];
    }
    for (let i = r - 1; i >= 0; i--) {
      let s = x[i];
      for (let k = i + 1; k < r; k++) s -= L[k * r + i] * x[k];
      x[i] = s / L[i * r + i];
    }
    for (let i = 0; i < r; i++) inv[i * r + col] = x[i];
  }
  return { inv, logDet };
}

/** VᵀV (r×r) of the d×r row-major V. */
function gram(V: Float64Array, d: number, r: number): Float64Array {
  const C = new Float64Array(r * r);
  for (let j = 0; j < d; j++)
    for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) C[a * r + b] += V[j * r + a] * V[j * r + b];
  return C;
}

/** A·B for row-major (m×p)(p×q). */
function mul(A: Float64Array, B: Float64Array, m: number, p: number, q: number): Float64Array {
  const out = new Float64Array(m * q);
  for (let i = 0; i < m; i++)
    for (let k = 0; k < p; k++) {
      const a = A[i * p + k];
      if (a === 0) continue;
      for (let j = 0; j < q; j++) out[i * q + j] += a * B[k * q + j];
    }
  return out;
}

/** Spectral cone: variables [vec V | s], cost s. */
export function spectralCone(d: number, r: number): Cone {
  const dr = d * r;
  const n = dr + 1;
  const cost = Float64Array.of(1);
  return {
    extra: 1,
    nu: r,
    cost,
    start(V) {
      let f = 0;
      for (const v of V) f += v * v;
      return Float64Array.of(2 * f + 1e-12);
    },
    evaluate(u, withHessian) {
      const V = u.subarray(0, dr);
      const s = u[dr];
      const S = gram(V, d, r);
      for (let e = 0; e < r * r; e++) S[e] = -S[e];
      for (let a = 0; a < r; a++) S[a * r + a] += s;
      const f = inverseSpd(S, r);
      if (!f) return undefined;
      const P = f.inv;
      const VP = mul(V, P, d, r, r);
      const grad = new Float64Array(n);
      for (let e = 0; e < dr; e++) grad[e] = 2 * VP[e];
      let trP = 0;
      for (let a = 0; a < r; a++) trP += P[a * r + a];
      grad[dr] = -trP;
      const hess = new Float64Array(withHessian ? n * n : 0);
      if (withHessian) {
        // d²φ = tr(P dS P dS) + 2 tr(P dVᵀdV), dS = ds·I − (dVᵀV + VᵀdV)
        const VPVt = new Float64Array(d * d);
        for (let j = 0; j < d; j++)
          for (let k = 0; k < d; k++) {
            let sum = 0;
            for (let a = 0; a < r; a++) sum += VP[j * r + a] * V[k * r + a];
            VPVt[j * d + k] = sum;
          }
        for (let j = 0; j < d; j++)
          for (let a = 0; a < r; a++) {
            const row = (j * r + a) * n;
            for (let k = 0; k < d; k++) {
              const m = VPVt[j * d + k] + (j === k ? 1 : 0);
              for (let b = 0; b < r; b++)
                hess[row + k * r + b] = 2 * (P[a * r + b] * m + VP[j * r + b] * VP[k * r + a]);
            }
          }
        const VP2 = mul(VP, P, d, r, r);
        let trP2 = 0;
        for (const p of P) trP2 += p * p;
        for (let e = 0; e < dr; e++) {
          hess[e * n + dr] = -2 * VP2[e];
          hess[dr * n + e] = -2 * VP2[e];
        }
        hess[dr * n + dr] = trP2;
      }
      return { value: -f.logDet, grad, hess };
    },
  };
}

/** The symmetric basis E_β of r×r matrices: E_aa, and E_ab + E_ba for a < b. */
function symmetricBasis(r: number): { a: Int32Array; b: Int32Array } {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < r; i++)
    for (let j = i; j < r; j++) {
      a.push(i);
      b.push(j);
    }
  return { a: Int32Array.from(a), b: Int32Array.from(b) };
}

/** ⟨X, E_β⟩ for the symmetric basis element (a, b). */
function pairing(X: Float64Array, r: number, a: number, b: number): number {
  return a === b ? X[a * r + a] : X[a * r + b] + X[b * r + a];
}

/** Nuclear cone: variables [vec V | B (upper triangle) | t], cost (tr B + t)/2. */
export function nuclearCone(d: number, r: number): Cone {
  const dr = d * r;
  const basis = symmetricBasis(r);
  const nb = basis.a.length;
  const n = dr + nb + 1;
  const cost = new Float64Array(nb + 1);
  for (let p = 0; p < nb; p++) if (basis.a[p] === basis.b[p]) cost[p] = 0.5;
  cost[nb] = 0.5;
  const unpack = (u: Float64Array): Float64Array => {
    const B = new Float64Array(r * r);
    for (let p = 0; p < nb; p++) {
      B[basis.a[p] * r + basis.b[p]] = u[dr + p];
      B[basis.b[p] * r + basis.a[p]] = u[dr + p];
    }
    return B;
  };
  return {
    extra: nb + 1,
    nu: r + 1,
    cost,
    start(V) {
      let f = 0;
      for (const v of V) f += v * v;
      const sigma = Math.sqrt(f) + 1e-12;
      const x = new Float64Array(nb + 1);
      for (let p = 0; p < nb; p++) if (basis.a[p] === basis.b[p]) x[p] = sigma;
      x[nb] = (2 * f) / sigma + 1e-12;
      return x;
    },
    evaluate(u, withHessian) {
      const V = u.subarray(0, dr);
      const t = u[n - 1];
      const f = inverseSpd(unpack(u), r);
      if (!f) return undefined;
      const R = f.inv;
      const C = gram(V, d, r);
      let trRC = 0;
      for (let e = 0; e < r * r; e++) trRC += R[e] * C[e];
      const q = t - trRC;
      if (!(q > 0)) return undefined;
      const VR = mul(V, R, d, r, r);
      const RCR = mul(mul(R, C, r, r, r), R, r, r, r);
      // gradient of q: −2VR on V, ⟨RCR, E_β⟩ on B, 1 on t
      const gq = new Float64Array(n);
      for (let e = 0; e < dr; e++) gq[e] = -2 * VR[e];
      for (let p = 0; p < nb; p++) gq[dr + p] = pairing(RCR, r, basis.a[p], basis.b[p]);
      gq[n - 1] = 1;
      const grad = new Float64Array(n);
      for (let e = 0; e < n; e++) grad[e] = -gq[e] / q;
      for (let p = 0; p < nb; p++) grad[dr + p] -= pairing(R, r, basis.a[p], basis.b[p]);
      const hess = new Float64Array(withHessian ? n * n : 0);
      if (withHessian) addNuclearHessian(hess, { d, r, dr, nb, n, basis }, V, R, C, gq, q);
      return { value: -f.logDet - Math.log(q), grad, hess };
    },
  };
}

/** The nuclear cone's sizes: V is d×r, B has nb free entries (basis), n = d·r + nb + 1 variables. */
interface NuclearShape {
  readonly d: number;
  readonly r: number;
  readonly dr: number;
  readonly nb: number;
  readonly n: number;
  readonly basis: { a: Int32Array; b: Int32Array };
}

/**
 * hess (zeroed, n×n) = the nuclear barrier's Hessian at R = B⁻¹, C = VᵀV, q = t − tr(R C), gq = ∇q:
 * d²F = tr(R dB R dB) + (dq)²/q² + (2/q)·tr(M R Mᵀ), M = dV − V R dB
 */
function addNuclearHessian(
  hess: Float64Array,
  shape: NuclearShape,
  V: Float64Array,
  R: Float64Array,
  C: Float64Array,
  gq: Float64Array,
  q: number,
): void {
  const { d, r, n } = shape;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) hess[i * n + j] = (gq[i] * gq[j]) / (q * q);
  const w = 2 / q;
  for (let j = 0; j < d; j++)
    for (let a = 0; a < r; a++)
      for (let b = 0; b < r; b++) {
        hess[(j * r + a) * n + j * r + b] += w * R[a * r + b];
      }
  addNuclearBlockTerms(hess, shape, V, R, C, w);
}

/** The Hessian's (V, B) and (B, B) terms of tr(R dB R dB) + w·tr(M R Mᵀ), one basis element E_β at a time. */
function addNuclearBlockTerms(
  hess: Float64Array,
  shape: NuclearShape,
  V: Float64Array,
  R: Float64Array,
  C: Float64Array,
  w: number,
): void {
  const { d, r, dr, nb, n, basis } = shape;
  // R E_β R for every β
  const RER: Float64Array[] = [];
  for (let p = 0; p < nb; p++) {
    const E = new Float64Array(r * r);
    E[basis.a[p] * r + basis.b[p]] = 1;
    E[basis.b[p] * r + basis.a[p]] = 1;
    RER.push(mul(mul(R, E, r, r, r), R, r, r, r));
  }
  for (let p = 0; p < nb; p++) {
    const VRER = mul(V, RER[p], d, r, r);
    for (let e = 0; e < dr; e++) {
      hess[e * n + dr + p] -= w * VRER[e];
      hess[(dr + p) * n + e] -= w * VRER[e];
    }
    const RERRCR = mul(RER[p], C, r, r, r); // tr(E_β R E_β' R C R) = ⟨R E_β R C R, E_β'⟩ (symmetric)
    const X = mul(RERRCR, R, r, r, r);
    for (let p2 = 0; p2 < nb; p2++) {
      const a2 = basis.a[p2];
      const b2 = basis.b[p2];
      hess[(dr + p) * n + dr + p2] += pairing(RER[p], r, a2, b2) + w * pairing(X, r, a2, b2);
    }
  }
}

/**
 * A cone written for Vᵀ (r×d), seen as a cone on V (d×r): vec V is permuted into vec Vᵀ going in, the
 * gradient and Hessian permuted back coming out. The nuclear norm is the same for V and Vᵀ, but its cone's
 * B is r×r and equals (VᵀV)^½ at the optimum, which has rank ≤ d: for d < r (e.g. d = 5, K = 10) r − d of
 * B's eigenvalues are driven to 0 along the path, the barrier's log det B grows ill-conditioned, and the
 * certificate stalled at 5.9e-6; on Vᵀ the block is d×d and of full rank at the optimum.
 */
export function onTranspose(inner: Cone, d: number, r: number): Cone {
  const dr = d * r;
  const position = (i: number) => (i < dr ? (i % r) * d + Math.floor(i / r) : i);
  const transposed = (u: Float64Array) => {
    const out = Float64Array.from(u);
    for (let e = 0; e < dr; e++) out[position(e)] = u[e];
    return out;
  };
  return {
    extra: inner.extra,
    nu: inner.nu,
    cost: inner.cost,
    start: (V) => inner.start(transposed(V)),
    evaluate(u, withHessian) {
      const c = inner.evaluate(transposed(u), withHessian);
      if (!c) return undefined;
      const n = u.length;
      const map = Int32Array.from({ length: n }, (_, i) => position(i));
      const grad = Float64Array.from(map, (p) => c.grad[p]);
      const hess = new Float64Array(withHessian ? n * n : 0);
      if (withHessian)
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) hess[i * n + j] = c.hess[map[i] * n + map[j]];
      return { value: c.value, grad, hess };
    },
  };
}
