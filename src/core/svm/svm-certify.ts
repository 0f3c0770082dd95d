// The honest refusal for an optimum the solver reached but float64 cannot certify: margins so small
// that rounding alone, about 2.2e-16 relative to the margin, exceeds the certificate's tolerance.
import { BELOW_FLOAT64, SvmNotCertifiedError, short } from './svm-verdicts.ts';
import type { Dataset, SupportConstraint, SvmSolution } from '../types.ts';

export interface Certified {
  readonly solution: SvmSolution;
  /** 1/(‖Ŵ‖_F · max_i ‖x_i‖): the largest margin relative to the data's scale (scale-free) */
  readonly relativeMargin: number;
  /** the multipliers of the rescaled problem (always finite) */
  readonly scaledSupport: readonly SupportConstraint[];
}

/** Rows named in the message: the ones with the largest multipliers, where the margin is decided. */
const ROWS_NAMED = 6;

export function notCertifiedOptimum(data: Dataset, certified: Certified, tolerance: number): SvmNotCertifiedError {
  const { solution: s, relativeMargin, scaledSupport } = certified;
  const rows = [...new Set([...scaledSupport].sort((a, b) => b.alpha - a.alpha).map((c) => c.i))].slice(0, ROWS_NAMED);
  const separable =
    s.minMargin > 0
      ? ` The data are linearly separable (that W has every margin ≥ ${margin(s.minMargin)} > 0, computed in twice float64's precision), but only barely.`
      : '';
  const k = s.kkt;
  return new SvmNotCertifiedError(
    `${BELOW_FLOAT64}: the largest margin of these data is about ${short(relativeMargin)} of their scale ` +
      `(N = ${data.n}, d = ${data.d}, K = ${data.k}), and at that size float64 rounding alone (2.2e-16 ÷ ${short(relativeMargin)} ≈ ` +
      `${short(2.2e-16 / relativeMargin)}) is comparable to the ${tolerance} a certificate needs; the best W found has ` +
      `‖W‖_F = ${short(s.normF)}, min margin ${margin(s.minMargin)} and KKT residual ${short(k.max)} (primal ${short(k.primal)}, ` +
      `complementarity ${short(k.complementarity)}, stationarity ${short(k.stationarity)}, gap ${short(k.gap)}).${separable} ` +
      `The rows with the largest multipliers are ${rows.join(', ')} (counting from 0): look there for points that nearly ` +
      `coincide, or nearly lie on one ray from the origin, with different labels, and remove or relabel one of them`,
    'margin too small',
  );
}

/** a margin near 1 as 1 − shortfall, so that rounding to three digits cannot hide the shortfall */
function margin(m: number): string {
  if (m === 1 || !(Math.abs(1 - m) < 1e-3)) return short(m);
  return m < 1 ? `1 − ${short(1 - m)}` : `1 + ${short(m - 1)}`;
}
