// Small dense symmetric eigenproblems (K ≤ 100) for the spectral optimizers: the cyclic Jacobi method,
// and the polar factor U Vᵀ of a K×d matrix restricted to the subspace orthogonal to 1_K, computed from
// its K×K Gram matrix. Golub & Van Loan, Matrix Computations (4th ed.), §8.5 (Jacobi).

/** Eigenvalues (descending) and orthonormal eigenvectors (columns of an m×m row-major matrix) of a symmetric m×m matrix. */
interface SymEigen {
  readonly values: Float64Array;
  /** Z[r*m + c] is entry r of eigenvector c */
  readonly vectors: Float64Array;
}

/** Cyclic Jacobi on a copy of A (m×m, symmetric, row-major): sweeps until the off-diagonal is negligible. */
export function symmetricEigen(A: Float64Array, m: number): SymEigen {
  const a = Float64Array.from(A);
  const z = new Float64Array(m * m);
  for (let i = 0; i < m; i++) z[i * m + i] = 1;
  let diag2 = 0;
  for (let i = 0; i < m; i++) diag2 += a[i * m + i] * a[i * m + i];
  for (let sweep = 0; sweep < 60; sweep++) {
    let off2 = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off2 += a[p * m + q] * a[p * m + q];
    if (off2 === 0 || off2 <= 1e-34 * diag2) break;
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q];
        if (apq === 0) continue;
        const app = a[p * m + p];
        const aqq = a[q * m + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < m; r++) {
          const arp = a[r * m + p];
          const arq = a[r * m + q];
          a[r * m + p] = c * arp - s * arq;
          a[r * m + q] = s * arp + c * arq;
        }
        for (let r = 0; r < m; r++) {
          const apr = a[p * m + r];
          const aqr = a[q * m + r];
          a[p * m + r] = c * apr - s * aqr;
          a[q * m + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < m; r++) {
          const zrp = z[r * m + p];
          const zrq = z[r * m + q];
          z[r * m + p] = c * zrp - s * zrq;
          z[r * m + q] = s * zrp + c * zrq;
        }
      }
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => a[j * m + j] - a[i * m + i]);
  const values = new Float64Array(m);
  const vectors = new Float64Array(m * m);
  order.forEach((src, dst) => {
    values[dst] = a[src * m + src];
    for (let r = 0; r < m; r++) vectors[r * m + dst] = z[r * m + src];
  });
  return { values, vectors };
}

/**
 * An orthonormal basis of {v ∈ R^K : v·1 = 0} (the Helmert basis), K×(K−1) row-major: column c is
 * (1, …, 1, −(c+1), 0, …)/√((c+1)(c+2)).
 */
export function centredBasis(k: number): Float64Array {
  const Q = new Float64Array(k * (k - 1));
  for (let c = 0; c < k - 1; c++) {
    const scale = 1 / Math.sqrt((c + 1) * (c + 2));
    for (let r = 0; r <= c; r++) Q[r * (k - 1) + c] = scale;
    Q[(c + 1) * (k - 1) + c] = -(c + 1) * scale;
  }
  return Q;
}

/**
 * Singular values below this fraction of σ₁ are treated as zero. The Gram matrix resolves singular
 * values only down to about √ε·σ₁ ≈ 1.5e-8·σ₁ (its eigenvalues carry errors of ε·σ₁²), so a cut at
 * 1e-7·σ₁ keeps every direction it can resolve and drops rounding noise.
 */
const GRAM_RANK_CUT = 1e-7;

/**
 * The K×K matrix P with (polar factor of G)ᵀ = P·Gᵀ, for Gᵀ given as K×d row-major (GT) with Gᵀ's
 * rows summing to zero (G·1 = 0): P = Q Z f(Λ) Zᵀ Qᵀ from the eigen-decomposition Z Λ Zᵀ of Qᵀ(GᵀG)Q,
 * with f(λ) = λ^{−1/2} over the kept directions. `top` keeps only the largest (the nuclear step u₁v₁ᵀ).
 * Returns undefined when G = 0.
 */
export function polarMap(
  GT: Float64Array,
  k: number,
  d: number,
  Q: Float64Array,
  top: boolean,
): Float64Array | undefined {
  const m = k - 1;
  // C = GᵀG (K×K): C[a][b] = Σ_j GT[a,j] GT[b,j]
  const C = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let sum = 0;
      for (let j = 0; j < d; j++) sum += GT[a * d + j] * GT[b * d + j];
      C[a * k + b] = sum;
      C[b * k + a] = sum;
    }
  }
  // H = Qᵀ C Q (m×m)
  const CQ = new Float64Array(k * m);
  for (let a = 0; a < k; a++)
    for (let c = 0; c < m; c++) {
      let sum = 0;
      for (let b = 0; b < k; b++) sum += C[a * k + b] * Q[b * m + c];
      CQ[a * m + c] = sum;
    }
  const H = new Float64Array(m * m);
  for (let r = 0; r < m; r++)
    for (let c = r; c < m; c++) {
      let sum = 0;
      for (let a = 0; a < k; a++) sum += Q[a * m + r] * CQ[a * m + c];
      H[r * m + c] = sum;
      H[c * m + r] = sum;
    }
  const { values, vectors } = symmetricEigen(H, m);
  const top1 = values[0];
  if (!(top1 > 0)) return undefined;
  const cut = GRAM_RANK_CUT * GRAM_RANK_CUT * top1;
  const kept = top ? 1 : values.findIndex((v) => !(v > cut));
  const count = kept < 0 ? m : kept;
  // Y = Q Z (K×count), P = Σ_i y_i y_iᵀ / √λ_i
  const Y = new Float64Array(k * count);
  for (let a = 0; a < k; a++)
    for (let i = 0; i < count; i++) {
      let sum = 0;
      for (let r = 0; r < m; r++) sum += Q[a * m + r] * vectors[r * m + i];
      Y[a * count + i] = sum;
    }
  const P = new Float64Array(k * k);
  for (let i = 0; i < count; i++) {
    const w = 1 / Math.sqrt(values[i]);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) P[a * k + b] += w * Y[a * count + i] * Y[b * count + i];
  }
  return P;
}
