// Dense factorisations for the max-margin solvers: LU with partial pivoting (PA = LU) for the LP polish and
// Cholesky for the interior-point Newton steps; n ≤ ~1000, so O(n³/3) plain loops take well under a second.

interface LuFactors {
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
      if (v > best) {
        best = v;
        pivot = i;
      }
    }
    if (best === 0) return undefined;
    if (pivot !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[pivot * n + j];
        lu[pivot * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[pivot];
      perm[pivot] = t;
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
 * false when A is not numerically positive definite. Every L entry is a dot product of two rows, so columns
 * are done two at a time and rows three at a time: six independent sums share each pass over k, hiding the
 * add latency that one running sum waits on and loading each row once for two columns (measured at
 * n = 946: 210 ms → 70–85 ms per factorisation, the largest part of an interior-point Newton step).
 */
export function choleskyInPlace(A: Float64Array, n: number): boolean {
  let j = 0;
  for (; j + 1 < n; j += 2) {
    if (!factorDiagonalPair(A, n, j)) return false;
    eliminateBelowPair(A, n, j);
  }
  return j < n ? factorLastColumn(A, n, j) : true;
}

/** Columns j, j + 1 of L on the diagonal (the 2×2 block), written into A; false when not positive definite. */
function factorDiagonalPair(A: Float64Array, n: number, j: number): boolean {
  const rj = j * n;
  const rq = rj + n;
  let djj = A[rj + j];
  let dqj = A[rq + j];
  let dqq = A[rq + j + 1];
  for (let k = 0; k < j; k++) {
    const a = A[rj + k];
    const b = A[rq + k];
    djj -= a * a;
    dqj -= b * a;
    dqq -= b * b;
  }
  if (!(djj > 0)) return false;
  const ljj = Math.sqrt(djj);
  A[rj + j] = ljj;
  const inv0 = 1 / ljj;
  const lqj = dqj * inv0;
  A[rq + j] = lqj;
  dqq -= lqj * lqj;
  if (!(dqq > 0)) return false;
  A[rq + j + 1] = Math.sqrt(dqq);
  return true;
}

/** The pair of columns j, j + 1 below their diagonal block (already in A): three rows a pass, then one. */
function eliminateBelowPair(A: Float64Array, n: number, j: number): void {
  const rj = j * n;
  const rq = rj + n;
  // the reciprocals and L[j+1, j] exactly as factorDiagonalPair had them (float64 stores are exact)
  const inv0 = 1 / A[rj + j];
  const lqj = A[rq + j];
  const inv1 = 1 / A[rq + j + 1];
  let i = j + 2;
  for (; i + 2 < n; i += 3) eliminateRowTriple(A, n, j, i, inv0, inv1, lqj);
  for (; i < n; i++) eliminateRow(A, n, j, i, inv0, inv1, lqj);
}

/** L[i..i+2, j] and L[i..i+2, j+1]: six running sums share each pass over k. */
function eliminateRowTriple(
  A: Float64Array,
  n: number,
  j: number,
  i: number,
  inv0: number,
  inv1: number,
  lqj: number,
): void {
  const rj = j * n;
  const rq = rj + n;
  const r0 = i * n;
  const r1 = r0 + n;
  const r2 = r1 + n;
  let s00 = 0;
  let s01 = 0;
  let s10 = 0;
  let s11 = 0;
  let s20 = 0;
  let s21 = 0;
  for (let k = 0; k < j; k++) {
    const a = A[rj + k];
    const b = A[rq + k];
    const x = A[r0 + k];
    const y = A[r1 + k];
    const z = A[r2 + k];
    s00 += x * a;
    s01 += x * b;
    s10 += y * a;
    s11 += y * b;
    s20 += z * a;
    s21 += z * b;
  }
  const l0 = (A[r0 + j] - s00) * inv0;
  const l1 = (A[r1 + j] - s10) * inv0;
  const l2 = (A[r2 + j] - s20) * inv0;
  A[r0 + j] = l0;
  A[r1 + j] = l1;
  A[r2 + j] = l2;
  A[r0 + j + 1] = (A[r0 + j + 1] - s01 - l0 * lqj) * inv1;
  A[r1 + j + 1] = (A[r1 + j + 1] - s11 - l1 * lqj) * inv1;
  A[r2 + j + 1] = (A[r2 + j + 1] - s21 - l2 * lqj) * inv1;
}

/** L[i, j] and L[i, j+1] for one row left over from the passes of three. */
function eliminateRow(A: Float64Array, n: number, j: number, i: number, inv0: number, inv1: number, lqj: number): void {
  const rj = j * n;
  const rq = rj + n;
  const r0 = i * n;
  let s0 = 0;
  let s1 = 0;
  for (let k = 0; k < j; k++) {
    s0 += A[r0 + k] * A[rj + k];
    s1 += A[r0 + k] * A[rq + k];
  }
  const l0 = (A[r0 + j] - s0) * inv0;
  A[r0 + j] = l0;
  A[r0 + j + 1] = (A[r0 + j + 1] - s1 - l0 * lqj) * inv1;
}

/** The last column of an odd-sized matrix (its diagonal only); false when not positive definite. */
function factorLastColumn(A: Float64Array, n: number, j: number): boolean {
  const rj = j * n;
  let djj = A[rj + j];
  for (let k = 0; k < j; k++) djj -= A[rj + k] * A[rj + k];
  if (!(djj > 0)) return false;
  A[rj + j] = Math.sqrt(djj);
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

/**
 * out[off + j·d + j'] += Σ_s U[j·m + s]·X[j'·m + s] for j ≤ j' (the upper triangle of U Xᵀ, both d×m
 * row-major): 2×2 blocks of (j, j'), four independent sums per pass over s (about twice the speed of one
 * dot product at a time: the Gram matrices of the interior-point Hessians are built with it).
 */
export function addGramUpper(
  U: Float64Array,
  X: Float64Array,
  d: number,
  m: number,
  out: Float64Array,
  off: number,
): void {
  let j = 0;
  for (; j + 1 < d; j += 2) {
    const u0 = j * m;
    const u1 = u0 + m;
    let jp = j;
    for (; jp + 1 < d; jp += 2) {
      const x0 = jp * m;
      const x1 = x0 + m;
      let a00 = 0;
      let a01 = 0;
      let a10 = 0;
      let a11 = 0;
      for (let s = 0; s < m; s++) {
        const p = U[u0 + s];
        const q = U[u1 + s];
        const x = X[x0 + s];
        const y = X[x1 + s];
        a00 += p * x;
        a01 += p * y;
        a10 += q * x;
        a11 += q * y;
      }
      out[off + j * d + jp] += a00;
      out[off + j * d + jp + 1] += a01;
      if (jp > j) out[off + (j + 1) * d + jp] += a10;
      out[off + (j + 1) * d + jp + 1] += a11;
    }
    if (jp < d) {
      const x0 = jp * m;
      let a0 = 0;
      let a1 = 0;
      for (let s = 0; s < m; s++) {
        a0 += U[u0 + s] * X[x0 + s];
        a1 += U[u1 + s] * X[x0 + s];
      }
      out[off + j * d + jp] += a0;
      out[off + (j + 1) * d + jp] += a1;
    }
  }
  if (j < d) {
    const u0 = j * m;
    for (let jp = j; jp < d; jp++) {
      const x0 = jp * m;
      let a = 0;
      for (let s = 0; s < m; s++) a += U[u0 + s] * X[x0 + s];
      out[off + j * d + jp] += a;
    }
  }
}
