// Error-free transformations (Knuth's TwoSum, Dekker's TwoProduct; Ogita, Rump and Oishi, "Accurate sum
// and dot product", SIAM J. Sci. Comput. 26, 2005): a + b and a·b as an unevaluated pair hi + lo that
// equals the exact result. Sums of such pairs behave as if computed in twice the working precision, which
// is what a certificate needs when its terms cancel (Ŵ = Σ α a with ‖Σ|α a|‖ ≫ ‖Ŵ‖ on small margins).

/** Dekker's splitter 2^27 + 1: a = high + low with 26-bit halves, so their products are exact. */
const SPLITTER = 134217729;
/** Below this magnitude the low part of a product may underflow and stop being exact. */
export const EXACT_PRODUCT_FLOOR = 2 ** -969;
/** Above this magnitude the splitter overflows. */
const SPLIT_CEILING = 2 ** 996;

/** The rounding error of a + b: a + b = fl(a + b) + twoSumError(a, b, fl(a + b)) exactly. */
export function twoSumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}

/** The rounding error of a·b: a·b = fl(a·b) + twoProductError(a, b, fl(a·b)) exactly (no under/overflow). */
export function twoProductError(a: number, b: number, p: number): number {
  if (!(Math.abs(a) < SPLIT_CEILING && Math.abs(b) < SPLIT_CEILING)) return 0;
  const ca = SPLITTER * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLITTER * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return al * bl - (p - ah * bh - al * bh - ah * bl);
}

/** A running sum kept as hi + lo (double-double); add terms, read `value`. */
export class CompensatedSum {
  hi = 0;
  lo = 0;

  add(v: number): void {
    const s = this.hi + v;
    this.lo += twoSumError(this.hi, v, s);
    this.hi = s;
  }

  /** adds a·b with the product's rounding error */
  addProduct(a: number, b: number): void {
    const p = a * b;
    this.add(p);
    this.lo += twoProductError(a, b, p);
  }

  get value(): number {
    return this.hi + this.lo;
  }
}

/** hi + lo += coef·v, entry by entry, with every rounding error kept in lo. */
export function addScaledPair(hi: Float64Array, lo: Float64Array, index: number, coef: number, v: number): void {
  const p = coef * v;
  const s = hi[index] + p;
  lo[index] += twoSumError(hi[index], p, s) + twoProductError(coef, v, p);
  hi[index] = s;
}

/** x · 2^e, exact whenever the result is a normal number (multiplications by powers of two). */
export function scaleByPowerOfTwo(x: number, e: number): number {
  let v = x;
  let left = e;
  while (left > 1000) {
    v *= 2 ** 1000;
    left -= 1000;
  }
  while (left < -1000) {
    v *= 2 ** -1000;
    left += 1000;
  }
  return v * 2 ** left;
}

/** The e with 2^e ≤ |x| < 2^(e+1), for finite nonzero x (subnormals included). */
export function binaryExponent(x: number): number {
  const a = Math.abs(x);
  let e = Math.floor(Math.log2(a));
  // log2 may round across a power of two; settle it exactly
  if (scaleByPowerOfTwo(1, e) > a) e--;
  else if (scaleByPowerOfTwo(1, e + 1) <= a) e++;
  return e;
}
