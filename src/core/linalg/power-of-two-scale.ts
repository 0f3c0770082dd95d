// Norms of matrices whose entries lie far from 1 (W after one step of η = 1e-200, or ×1e200): Σ w² under-
// or overflows long before the norm does (every η ≤ 1e-165 gave ‖W‖_F = 0 with W ≠ 0). As hypot does, the
// entries are first divided by a power of two near the largest |entry| — exact for every normal number, so
// norms of ordinary matrices come out bit for bit as before — and the norm is scaled back at the end.
import { binaryExponent, scaleByPowerOfTwo } from './compensated.ts';

/** W scaled by 2^-exponent so that its largest |entry| lies in [1, 2); W = 0 comes back as is, exponent 0. */
export interface PowerOfTwoScaled {
  readonly scaled: Float64Array;
  readonly exponent: number;
}

/** The largest |entry| of W (0 for W = 0; NaN if an entry is NaN). */
export function largestMagnitude(W: ArrayLike<number>): number {
  let m = 0;
  for (let e = 0; e < W.length; e++) {
    const a = Math.abs(W[e]);
    if (Number.isNaN(a)) return NaN;
    if (a > m) m = a;
  }
  return m;
}

/** W·2^-e with 2^e ≤ max |W| < 2^(e+1). A zero or non-finite W is copied unscaled (nothing to gain). */
export function scaleToUnitRange(W: ArrayLike<number>): PowerOfTwoScaled {
  const largest = largestMagnitude(W);
  const copy = Float64Array.from(W);
  if (!(largest > 0) || !Number.isFinite(largest)) return { scaled: copy, exponent: 0 };
  const exponent = binaryExponent(largest);
  if (exponent === 0) return { scaled: copy, exponent };
  for (let e = 0; e < copy.length; e++) copy[e] = scaleByPowerOfTwo(copy[e], -exponent);
  return { scaled: copy, exponent };
}

/** ‖W‖_F without under- or overflow of Σ w² (finite whenever ‖W‖_F is; 0 only for W = 0). */
export function frobeniusNorm(W: ArrayLike<number>): number {
  const { scaled, exponent } = scaleToUnitRange(W);
  let sum = 0;
  for (let e = 0; e < scaled.length; e++) sum += scaled[e] * scaled[e];
  return scaleByPowerOfTwo(Math.sqrt(sum), exponent);
}

/** The power of two 2^u that brings the largest |entry| into [1, 2), as u (0 for all zeros). */
export function unitExponent(values: ArrayLike<number>): number {
  const largest = largestMagnitude(values);
  return largest > 0 && Number.isFinite(largest) ? -binaryExponent(largest) : 0;
}
