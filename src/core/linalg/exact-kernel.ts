// Exact rational arithmetic (BigInt) for a Gordan ray: is there β > 0 with Σ_j β_j a_j = 0 exactly? Every
// float64 is an integer times a power of two, so the normals become one integer matrix; fraction-free
// Gauss–Jordan elimination (rows kept primitive by their gcd) gives its kernel exactly.

/** x = mantissa · 2^exponent exactly */
export function exactParts(x: number): { mantissa: bigint; exponent: number } {
  if (x === 0) return { mantissa: 0n, exponent: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  return { mantissa: x < 0 ? -mantissa : mantissa, exponent };
}

/** Columns of float64 entries (each column one normal a_j) as one integer matrix, rows × columns. */
export function integerMatrix(columns: readonly Float64Array[]): bigint[][] {
  const rows = columns[0].length;
  let low = Infinity;
  for (const col of columns) for (const v of col) if (v !== 0) low = Math.min(low, exactParts(v).exponent);
  const M: bigint[][] = [];
  for (let r = 0; r < rows; r++) {
    if (columns.every((col) => col[r] === 0)) continue;
    M.push(
      columns.map((col) => {
        const { mantissa, exponent } = exactParts(col[r]);
        return mantissa === 0n ? 0n : mantissa << BigInt(exponent - low);
      }),
    );
  }
  return M;
}

/**
 * The kernel of M (rows × q) when it is one-dimensional: a sign pattern (+1, −1, 0) of the spanning
 * vector; undefined when the kernel is {0}; 'larger' when its dimension is 2 or more.
 */
export function kernelSigns(matrix: bigint[][], q: number): number[] | 'larger' | undefined {
  const M = matrix.map((row) => row.slice());
  const pivots: number[] = [];
  let rank = 0;
  for (let col = 0; col < q && rank < M.length; col++) {
    let p = -1;
    for (let r = rank; r < M.length; r++) if (M[r][col] !== 0n) { p = r; break; }
    if (p < 0) continue;
    [M[rank], M[p]] = [M[p], M[rank]];
    const pivotRow = M[rank];
    for (let r = 0; r < M.length; r++) {
      if (r === rank || M[r][col] === 0n) continue;
      const f = M[r][col];
      const g = pivotRow[col];
      M[r] = primitive(M[r].map((v, c) => v * g - f * pivotRow[c]));
    }
    pivots.push(col);
    rank++;
  }
  if (rank === q) return undefined;
  if (rank < q - 1) return 'larger';
  const free = [...Array(q).keys()].find((c) => !pivots.includes(c))!;
  // row r reads M[r][pivot_r] β_pivot + M[r][free] β_free = 0; take β_free = 1
  const signs = new Array<number>(q).fill(0);
  signs[free] = 1;
  pivots.forEach((col, r) => {
    const num = -M[r][free];
    const den = M[r][col];
    signs[col] = num === 0n ? 0 : (num > 0n) === (den > 0n) ? 1 : -1;
  });
  return signs;
}

function primitive(row: bigint[]): bigint[] {
  let g = 0n;
  for (const v of row) {
    let a = v < 0n ? -v : v;
    let b = g;
    while (b !== 0n) [a, b] = [b, a % b];
    g = a;
    if (g === 1n) return row;
  }
  return g > 1n ? row.map((v) => v / g) : row;
}
