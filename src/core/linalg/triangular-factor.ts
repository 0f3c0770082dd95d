// The upper-triangular factor R of a Gram matrix AᵀA whose columns A come and go one at a time
// (RᵀR = AᵀA: the R of A's QR decomposition, kept without Q). An active-set solver keeps A's columns
// as its active constraint normals; it never needs Q because it can form A·v and Aᵀ·v itself.
// Appending costs O(q²) of the caller's solves; removing a column costs O(q²) Givens rotations.

export class TriangularFactor {
  /** row-major, capacity × capacity; only the upper triangle of the leading order × order block is meaningful */
  private readonly r: Float64Array;
  private size = 0;

  constructor(readonly capacity: number) {
    this.r = new Float64Array(capacity * capacity);
  }

  /** the number of columns q, so R is q×q */
  get order(): number {
    return this.size;
  }

  at(row: number, col: number): number {
    return this.r[row * this.capacity + col];
  }

  /**
   * Appends a column a to A. `above` is R⁻ᵀAᵀa (length q) and `diagonal` is the norm of the part of a
   * orthogonal to A's columns, which must be > 0 (a independent of the columns already there).
   */
  append(above: ArrayLike<number>, diagonal: number): void {
    if (this.size >= this.capacity) throw new Error(`TriangularFactor: capacity ${this.capacity} exceeded`);
    if (!(diagonal > 0)) throw new Error(`TriangularFactor: diagonal must be positive, got ${diagonal}`);
    const col = this.size;
    const cap = this.capacity;
    for (let row = 0; row < col; row++) this.r[row * cap + col] = above[row];
    this.r.fill(0, col * cap, col * cap + col);
    this.r[col * cap + col] = diagonal;
    this.size++;
  }

  /** Removes column `index` of A and restores the triangle with Givens rotations on rows index…q−1. */
  remove(index: number): void {
    const q = this.size;
    if (index < 0 || index >= q) throw new Error(`TriangularFactor: no column ${index} in order ${q}`);
    const cap = this.capacity;
    const r = this.r;
    for (let row = 0; row < q; row++) r.copyWithin(row * cap + index, row * cap + index + 1, row * cap + q);
    // Columns index…q−2 now carry one entry below the diagonal each (upper Hessenberg); rotate it away.
    for (let j = index; j < q - 1; j++) {
      const top = j * cap;
      const bottom = (j + 1) * cap;
      const a = r[top + j];
      const b = r[bottom + j];
      const rho = Math.hypot(a, b);
      if (rho === 0) continue;
      const c = a / rho;
      const s = b / rho;
      r[top + j] = rho;
      r[bottom + j] = 0;
      for (let col = j + 1; col < q - 1; col++) {
        const t1 = r[top + col];
        const t2 = r[bottom + col];
        r[top + col] = c * t1 + s * t2;
        r[bottom + col] = c * t2 - s * t1;
      }
    }
    r.fill(0, (q - 1) * cap, (q - 1) * cap + q);
    this.size = q - 1;
  }

  /** x with R x = b (back substitution) */
  solve(b: ArrayLike<number>): Float64Array {
    const q = this.size;
    const cap = this.capacity;
    const r = this.r;
    const x = new Float64Array(q);
    for (let row = q - 1; row >= 0; row--) {
      const base = row * cap;
      // four partial sums: a single running sum waits on the add latency every term
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      let col = row + 1;
      for (; col + 3 < q; col += 4) {
        s0 += r[base + col] * x[col];
        s1 += r[base + col + 1] * x[col + 1];
        s2 += r[base + col + 2] * x[col + 2];
        s3 += r[base + col + 3] * x[col + 3];
      }
      for (; col < q; col++) s0 += r[base + col] * x[col];
      x[row] = (b[row] - (s0 + s1 + (s2 + s3))) / r[base + row];
    }
    return x;
  }

  /** x with Rᵀ x = b (forward substitution, row by row so memory is read in order) */
  solveTransposed(b: ArrayLike<number>): Float64Array {
    const q = this.size;
    const cap = this.capacity;
    const r = this.r;
    const x = new Float64Array(q);
    for (let i = 0; i < q; i++) x[i] = b[i];
    for (let row = 0; row < q; row++) {
      const base = row * cap;
      const xr = x[row] / r[base + row];
      x[row] = xr;
      for (let col = row + 1; col < q; col++) x[col] -= r[base + col] * xr;
    }
    return x;
  }
}
