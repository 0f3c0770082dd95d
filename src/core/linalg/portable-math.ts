// exp, log and log1p from + − × ÷ alone, so that every JavaScript engine gets the same bits.
// Math.exp, Math.log and Math.log1p are not correctly rounded and ECMAScript (ECMA-262, section 21.3.2)
// leaves their last bit to the engine: Chromium 156 and Node 20 differ on about one argument in ten.
// Where a run is chaotic (gradient descent far above the safe step, e.g. η = 200 in the step-size phase
// diagram) such a last bit grows until the page's run and `lab run`'s part (issue 21). The algorithms are
// the classic argument reductions of Sun's fdlibm (e_exp.c, e_log.c, s_log1p.c; also W. J. Cody and
// W. Waite, "Software Manual for the Elementary Functions", 1980, chapters 5 and 6): the result is within
// 1 ulp, and on the engines that use fdlibm (Node 20's V8) equal to Math's.

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** index of the high (sign, exponent, top of the fraction) word in U32 */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

function highWord(x: number): number {
  F64[0] = x;
  return U32[HI] | 0;
}

function lowWord(x: number): number {
  F64[0] = x;
  return U32[LO];
}

function withHighWord(x: number, hi: number): number {
  F64[0] = x;
  U32[HI] = hi >>> 0;
  return F64[0];
}

/** 2^k for −1022 ≤ k ≤ 1023 */
function powerOfTwo(k: number): number {
  F64[0] = 0;
  U32[HI] = ((k + 1023) << 20) >>> 0;
  return F64[0];
}

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const TWO54 = 1.8014398509481984e16;
const TWO_M1000 = 9.332636185032189e-302; // 2^-1000
const TWO_1023 = 8.98846567431158e307; // 2^1023

// exp(r) = 1 + 2r/(R(r) − r) with R(r) = r·(e^r + 1)/(e^r − 1) ≈ 2 + P1 r² + … + P5 r¹⁰ on |r| ≤ ln2/2 (fdlibm e_exp.c)
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;

/** The double whose high word is `hi` and low word 0: the thresholds of fdlibm's word comparisons, as numbers. */
const atHighWord = (hi: number) => withHighWord(0, hi);
/** |x| ≥ 709.78…: overflow or underflow (fdlibm's hx ≥ 0x40862E42) */
const EXP_BIG = atHighWord(0x40862e42);
/** |x| > ln2/2 (hx > 0x3fd62e42, i.e. |x| ≥ the double with high word 0x3fd62e43) */
const EXP_REDUCE = atHighWord(0x3fd62e43);
/** |x| < 1.5·ln2 (hx < 0x3ff0a2b2) */
const EXP_ONE_LN2 = atHighWord(0x3ff0a2b2);
/** |x| < 2^-28 (hx < 0x3e300000) */
const EXP_TINY = atHighWord(0x3e300000);
/** 2^k for k = −1022…1023 at index k + 1022 */
const POWERS_OF_TWO = Float64Array.from({ length: 2046 }, (_, i) => powerOfTwo(i - 1022));

/** e^x. The word comparisons of fdlibm are comparisons of |x| with the doubles above (the same order). */
export function exp(x: number): number {
  if (x !== x) return x; // NaN
  const negative = x < 0; // −0 takes the |x| < 2^-28 branch: 1 + x = 1
  const ax = negative ? -x : x;
  if (ax >= EXP_BIG) {
    if (ax === Infinity) return negative ? 0 : x;
    if (x > 7.09782712893383973096e2) return Infinity;
    if (x < -7.4513321910194110842e2) return 0;
  }
  if (x === 1) return Math.E; // fdlibm's polynomial is 1 ulp high here; V8 returns the constant
  let k = 0;
  let hi = 0;
  let lo = 0;
  let r = x;
  if (ax >= EXP_REDUCE) {
    // |x| > ln2/2: x = k·ln2 + r
    if (ax < EXP_ONE_LN2) {
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = Math.trunc(INV_LN2 * x + (negative ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    r = hi - lo;
  } else if (ax < EXP_TINY) {
    return 1 + x;
  }
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((r * c) / (c - 2) - r);
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  if (k >= -1021) return k === 1024 ? y * 2 * TWO_1023 : y * POWERS_OF_TWO[k + 1022];
  return y * POWERS_OF_TWO[k + 2022] * TWO_M1000;
}

// log(1 + f) = 2s + s·R(s²) with s = f/(2 + f), R ≈ Lg1 z + … + Lg7 z⁷ on the reduced range (fdlibm e_log.c)
const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/** the natural logarithm */
export function log(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative, or subnormal
    if (((hx & 0x7fffffff) | lowWord(x)) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000)); // x or x/2, in [√2/2, √2)
  k += i >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - (R - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : k * LN2_HI - (hfsq - (s * (hfsq + R) + k * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : k * LN2_HI - (s * (f - R) - k * LN2_LO - f);
}

/** log(1 + x), accurate for tiny x (fdlibm s_log1p.c: 1 + x is rounded, and the rounding error c corrects it) */
export function log1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let hu = 0;
  let c = 0;
  if (hx < 0x3fda827a) {
    // x < 0.41422
    if (ax >= 0x3ff00000) return x === -1 ? -Infinity : NaN; // x ≤ −1
    if (ax < 0x3e200000) return ax < 0x3c900000 ? x : x - x * x * 0.5; // |x| < 2^-29
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) {
      // −0.2929 < x < 0.41422: no reduction
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1); // the rounding error of 1 + x
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = withHighWord(u, hu | 0x3ff00000);
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000);
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + (c + k * LN2_LO);
    const R = hfsq * (1 - 0.66666666666666666 * f);
    return k === 0 ? f - R : k * LN2_HI - (R - (k * LN2_LO + c) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const R = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  return k === 0 ? f - (hfsq - s * (hfsq + R)) : k * LN2_HI - (hfsq - (s * (hfsq + R) + (k * LN2_LO + c)) - f);
}
