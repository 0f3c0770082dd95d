// Exact arithmetic for a Gordan ray: is there β ≥ 0, β ≠ 0, with Σ_j β_j a_j = 0 exactly? Every float64 is
// an integer times a power of two, so the normals form one integer matrix M. Its kernel is found modulo
// many word-sized primes (Gaussian elimination in plain Numbers), the candidate vector is rebuilt by the
// Chinese remainder theorem with Cramer's rule (enough primes to exceed Hadamard's bound), and then
// checked exactly with BigInt: M v = 0 holds or the answer is "no proof". Cost about q³/3 word
// operations per prime and about q·(53 + exponent spread)/25 primes for q columns.

/** Primes below 2^26, so that products of residues stay below 2^52 and are exact in float64. */
const PRIME_CEILING = 2 ** 26;

/** x = mantissa · 2^shift, shift ≥ 0 relative to the matrix's smallest exponent, mantissa a safe integer */
interface Entry {
  readonly mantissa: number;
  readonly shift: number;
}

type KernelVerdict =
  /** an exact v ≥ 0 (or ≤ 0), v ≠ 0, with M v = 0 */
  | 'positive ray'
  /** the kernel is {0}, or one-dimensional with entries of both signs */
  | 'no ray'
  /** the kernel has dimension ≥ 2 (drop a column and ask again) */
  | 'larger';

/** Columns of float64 entries (each column one normal a_j) → a verdict on their exact kernel. */
export function exactKernelVerdict(columns: readonly Float64Array[]): KernelVerdict {
  const matrix = integerEntries(columns);
  const q = columns.length;
  const p0 = primesBelow(PRIME_CEILING, 1)[0];
  const shape = eliminationShape(matrix, q, p0);
  if (shape.rank === q) return 'no ray';
  if (shape.rank < q - 1) return 'larger';
  const { rows, free } = shape;
  const cols = [...Array(q).keys()].filter((c) => c !== free);
  // Cramer: v_free = det B, v_cols = adj(B)·c with B = M[rows, cols], c = −M[rows, free]
  let bits = 2;
  for (let c = 0; c < q; c++) bits += columnLog2(matrix, rows, c);
  let modulus = 1n;
  let modulusBits = 0;
  let det = 0n;
  const u = new Array<bigint>(cols.length).fill(0n);
  // primes until their product exceeds twice Hadamard's bound on |det B| and on every |adj(B)·c| entry
  for (let index = 0; modulusBits < bits; index++) {
    const p = primesBelow(PRIME_CEILING, index + 1)[index];
    const solved = solveModP(matrix, rows, cols, free, p);
    if (!solved) continue; // p divides det B: skip it
    modulusBits += Math.log2(p) - 1e-9;
    const P = BigInt(p);
    const inv = BigInt(modInverse(Number(modulus % P), p));
    const lift = (acc: bigint, residue: number) => acc + modulus * (((((BigInt(residue) - acc) % P) + P) * inv) % P);
    det = lift(det, solved.det);
    for (let j = 0; j < cols.length; j++) u[j] = lift(u[j], solved.u[j]);
    modulus *= P;
  }
  const half = modulus / 2n;
  const symmetric = (x: bigint) => (x > half ? x - modulus : x);
  const v = new Array<bigint>(q);
  v[free] = symmetric(det);
  cols.forEach((c, j) => (v[c] = symmetric(u[j])));
  if (v[free] === 0n || !exactlyInKernel(matrix, v)) return 'no ray';
  const positive = v.every((x) => x >= 0n);
  const negative = v.every((x) => x <= 0n);
  return positive || negative ? 'positive ray' : 'no ray';
}

function integerEntries(columns: readonly Float64Array[]): Entry[][] {
  const rows = columns[0].length;
  let low = Infinity;
  for (const col of columns) for (const v of col) if (v !== 0) low = Math.min(low, exactParts(v).exponent);
  const M: Entry[][] = [];
  for (let r = 0; r < rows; r++) {
    if (columns.every((col) => col[r] === 0)) continue;
    M.push(
      columns.map((col) => {
        const { mantissa, exponent } = exactParts(col[r]);
        return mantissa === 0 ? { mantissa: 0, shift: 0 } : { mantissa, shift: exponent - low };
      }),
    );
  }
  return M;
}

/** x = mantissa · 2^exponent exactly, with |mantissa| < 2^53 */
function exactParts(x: number): { mantissa: number; exponent: number } {
  if (x === 0) return { mantissa: 0, exponent: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (hi & 0xfffff) * 2 ** 32 + lo;
  let exponent = -1074;
  if (biased !== 0) {
    mantissa += 2 ** 52;
    exponent = biased - 1075;
  }
  return { mantissa: x < 0 ? -mantissa : mantissa, exponent };
}

function residue(e: Entry, p: number): number {
  if (e.mantissa === 0) return 0;
  const m = ((e.mantissa % p) + p) % p;
  return mulMod(m, powMod(2, e.shift, p), p);
}

function mulMod(a: number, b: number, p: number): number {
  return (a * b) % p;
}

function powMod(base: number, exp: number, p: number): number {
  let result = 1;
  let b = base % p;
  let e = exp;
  while (e > 0) {
    if (e & 1) result = mulMod(result, b, p);
    b = mulMod(b, b, p);
    e = Math.floor(e / 2);
  }
  return result;
}

function modInverse(a: number, p: number): number {
  return powMod(a, p - 2, p);
}

/** rank of M mod p, the pivot rows (original indices) and, when the rank is q − 1, the free column */
function eliminationShape(M: Entry[][], q: number, p: number): { rank: number; rows: number[]; free: number } {
  const A = M.map((row) => row.map((e) => residue(e, p)));
  const rowIds = M.map((_, r) => r);
  const rows: number[] = [];
  let rank = 0;
  let free = -1;
  for (let col = 0; col < q; col++) {
    let pivot = -1;
    for (let r = rank; r < A.length; r++)
      if (A[r][col] !== 0) {
        pivot = r;
        break;
      }
    if (pivot < 0) {
      if (free < 0) free = col;
      continue;
    }
    [A[rank], A[pivot]] = [A[pivot], A[rank]];
    [rowIds[rank], rowIds[pivot]] = [rowIds[pivot], rowIds[rank]];
    const inv = modInverse(A[rank][col], p);
    for (let r = rank + 1; r < A.length; r++) {
      if (A[r][col] === 0) continue;
      const f = mulMod(A[r][col], inv, p);
      for (let c = col; c < q; c++) A[r][c] = (A[r][c] - mulMod(f, A[rank][c], p) + p) % p;
    }
    rows.push(rowIds[rank]);
    rank++;
  }
  return { rank, rows, free };
}

/** det B and u = det(B)·B⁻¹c mod p, for B = M[rows, cols] and c = −M[rows, free]; undefined if B is singular mod p */
function solveModP(
  M: Entry[][],
  rows: number[],
  cols: number[],
  free: number,
  p: number,
): { det: number; u: number[] } | undefined {
  const n = cols.length;
  const twos = powersOfTwo(M, p);
  const reduce = (e: Entry) => (e.mantissa === 0 ? 0 : ((((e.mantissa % p) + p) % p) * twos[e.shift]) % p);
  // row-major n × (n + 1), the right-hand side in the last column; residues < p < 2^26 keep a·b + c < 2^53
  const w = n + 1;
  const A = new Float64Array(n * w);
  rows.forEach((r, i) => {
    cols.forEach((c, j) => (A[i * w + j] = reduce(M[r][c])));
    A[i * w + n] = (p - reduce(M[r][free])) % p;
  });
  const reciprocal = 1 / p;
  let det = 1;
  for (let col = 0; col < n; col++) {
    let pivot = -1;
    for (let r = col; r < n; r++)
      if (A[r * w + col] !== 0) {
        pivot = r;
        break;
      }
    if (pivot < 0) return undefined;
    if (pivot !== col) {
      for (let c = col; c < w; c++) [A[col * w + c], A[pivot * w + c]] = [A[pivot * w + c], A[col * w + c]];
      det = (p - det) % p;
    }
    const d = A[col * w + col];
    det = (det * d) % p;
    const inv = modInverse(d, p);
    for (let r = col + 1; r < n; r++) {
      const a = A[r * w + col];
      if (a === 0) continue;
      const f = p - ((a * inv) % p);
      const base = r * w;
      const top = col * w;
      for (let c = col; c < w; c++) {
        // (A + f·T) mod p by a reciprocal (Barrett) instead of fmod: t < 2^53 is exact, the quotient off by ≤ 1
        const t = A[base + c] + f * A[top + c];
        let v = t - Math.floor(t * reciprocal) * p;
        if (v < 0) v += p;
        else if (v >= p) v -= p;
        A[base + c] = v;
      }
    }
  }
  // back substitution: x = B⁻¹c, then u = det · x
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = A[r * w + n];
    for (let c = r + 1; c < n; c++) sum = (sum + (p - A[r * w + c]) * x[c]) % p;
    x[r] = (sum * modInverse(A[r * w + r], p)) % p;
  }
  return { det, u: x.map((v) => (v * det) % p) };
}

/** 2^s mod p for every shift s in M */
function powersOfTwo(M: Entry[][], p: number): Float64Array {
  let most = 0;
  for (const row of M) for (const e of row) most = Math.max(most, e.shift);
  const twos = new Float64Array(most + 1);
  twos[0] = 1;
  for (let s = 1; s <= most; s++) twos[s] = (twos[s - 1] * 2) % p;
  return twos;
}

/** log2 of an upper bound on the Euclidean norm of column c over `rows` (at least 0) */
function columnLog2(M: Entry[][], rows: number[], c: number): number {
  let largest = -Infinity;
  for (const r of rows) {
    const e = M[r][c];
    if (e.mantissa !== 0) largest = Math.max(largest, Math.log2(Math.abs(e.mantissa)) + e.shift);
  }
  return largest === -Infinity ? 0 : Math.max(0, largest + 0.5 * Math.log2(rows.length) + 1e-9);
}

function exactlyInKernel(M: Entry[][], v: bigint[]): boolean {
  for (const row of M) {
    let sum = 0n;
    row.forEach((e, c) => {
      if (e.mantissa !== 0 && v[c] !== 0n) sum += (BigInt(e.mantissa) << BigInt(e.shift)) * v[c];
    });
    if (sum !== 0n) return false;
  }
  return true;
}

const primeCache: number[] = [];

/** the `count` largest primes below `ceiling` */
function primesBelow(ceiling: number, count: number): number[] {
  let candidate = primeCache.length ? primeCache[primeCache.length - 1] - 2 : ceiling - 1;
  if (candidate % 2 === 0) candidate--;
  while (primeCache.length < count) {
    let prime = true;
    for (let f = 3; f * f <= candidate; f += 2)
      if (candidate % f === 0) {
        prime = false;
        break;
      }
    if (prime) primeCache.push(candidate);
    candidate -= 2;
  }
  return primeCache.slice(0, count);
}
