// Dense factorisations for the max-margin solvers: LU with partial pivoting (PA = LU) for the LP polish and
// Cholesky for the interior-point Newton steps; n ≤ ~1000, so O(n³/3) plain loops take well under a second.

export interface LuFactors {
  readonly n: number;
  /** L below the diagonal (unit diagonal implied) and U on and above it, row-major */
  readonly lu: Float64Array;
  /** row i of PA is row perm[i] of A */
  readonly perm: Int32Array;
}

/** Factors the row-major n×n matrix A (copied); undefined if a pivot is exactly zero. */
export function luFactor(A: Float64Array, n: number): LuFactors | undefined {
  const lu = Float64Array.from(A);
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < n; k++) {
    let pivot = k;
    let best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) { best = v; pivot = i; }
    }
    if (best === 0) return undefined;
    if (pivot !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[pivot * n + j];
        lu[pivot * n + j] = t;
      }
      const t = perm[k]; perm[k] = perm[pivot]; perm[pivot] = t;
    }
    const inv = 1 / lu[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k] *= inv);
      if (f === 0) continue;
      const ri = i * n;
      const rk = k * n;
      for (let j = k + 1; j < n; j++) lu[ri + j] -= f * lu[rk + j];
    }
  }
  return { n, lu, perm };
}

/** x with A x = b */
export function luSolve(f: LuFactors, b: ArrayLike<number>): Float64Array {
  const { n, lu, perm } = f;
  const x = Float64Array.from({ length: n }, (_, i) => b[perm[i]]);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) x[i] -= lu[i * n + j] * x[j];
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j < n; j++) x[i] -= lu[i * n + j] * x[j];
    x[i] /= lu[i * n + i];
  }
  return x;
}

/** y with Aᵀ y = c (Uᵀ Lᵀ P y = c) */
export function luSolveTransposed(f: LuFactors, c: ArrayLike<number>): Float64Array {
  const { n, lu, perm } = f;
  const z = Float64Array.from(c as ArrayLike<number>);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) z[i] -= lu[j * n + i] * z[j];
    z[i] /= lu[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) for (let j = i + 1; j < n; j++) z[i] -= lu[j * n + i] * z[j];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[perm[i]] = z[i];
  return y;
}

/**
 * In-place Cholesky A = L Lᵀ of the row-major symmetric n×n matrix (lower triangle read and overwritten);
 * false when A is not numerically positive definite.
 */
export function choleskyInPlace(A: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let diag = A[rj + j];
    for (let k = 0; k < j; k++) diag -= A[rj + k] * A[rj + k];
    if (!(diag > 0)) return false;
    const ljj = Math.sqrt(diag);
    A[rj + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = A[ri + j];
      for (let k = 0; k < j; k++) s -= A[ri + k] * A[rj + k];
      A[ri + j] = s * inv;
    }
  }
  return true;
}

/** x with L Lᵀ x = b for the factor left by choleskyInPlace. */
export function choleskySolve(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b as ArrayLike<number>);
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * x[k];
    x[i] = s / L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}
