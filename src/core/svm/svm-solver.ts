// The hard-margin multiclass SVM Ŵ = argmin ‖W‖_F² s.t. (w_{y_i} − w_k)ᵀ x_i ≥ 1 (Ravi et al., arXiv
// 2411.01350, §3; docs/theory.md, section 2), solved exactly: the constraints are handed to the Goldfarb–Idnani active-set solver
// (svm/min-norm-qp.ts), whose result is either the optimum with its multipliers (the dual α,
// W = Σ α_ik x_i (e_{y_i} − e_k)ᵀ) or a Gordan ray proving the data not separable. Cheap exact checks for
// the common causes of non-separability (a zero row, two rows on one ray with different labels) come
// first, so their messages can name the rows.
//
// Margins are linear in X, z(W; sX) = s·z(W; X), so Ŵ(sX) = Ŵ(X)/s and α(sX) = α(X)/s². The solver works
// on X scaled by a power of two (exact) so that its largest entry lies in [1, 2), and maps Ŵ back: any
// finite data set gets the answer of its rescaled copies. Every answer is checked before it is given:
// Ŵ only with a KKT certificate at CERTIFIED (relative residuals), non-separability only with an exact
// proof, and otherwise an SvmNotCertifiedError that says the margin is below what float64 can certify.
import { CompensatedSum, binaryExponent, scaleByPowerOfTwo } from '../linalg/compensated.ts';
import type { MinNormProgress } from './constraint-family.ts';
import { solveMinNormQp } from './min-norm-qp.ts';
import { SvmConstraints } from './svm-constraints.ts';
import { notCertifiedOptimum, type Certified } from './svm-certify.ts';
import { BELOW_FLOAT64, SvmNotCertifiedError, checkShape, findObviousConflict, rayOutcome } from './svm-verdicts.ts';
import type { Dataset, KktCertificate, SupportConstraint, SvmOutcome, SvmSolution } from '../types.ts';

export { SvmNotCertifiedError, BELOW_FLOAT64 } from './svm-verdicts.ts';
export type { NotCertifiedReason } from './svm-verdicts.ts';

export interface SvmOptions {
  /** a constraint counts as violated when its margin is below 1 − tolerance */
  tolerance?: number;
  /** the most active-set steps (constraint additions and removals) before giving up */
  maxIterations?: number;
  /**
   * epochs of dual coordinate ascent that guess the support before the exact iteration (default 200);
   * 0 runs the exact iteration from W = 0. The answer is the same either way; only the time differs.
   */
  warmStartEpochs?: number;
  /** progress of the solve (warm-start epochs, then exact steps), for long preparations */
  onProgress?: (progress: MinNormProgress) => void;
}

export type { MinNormProgress as SvmProgress } from './constraint-family.ts';

/** Margin shortfall below which a constraint counts as met: far above rounding (~1e-14), far below 1e-9. */
const DEFAULT_TOLERANCE = 1e-11;
/** Default step budget: Goldfarb–Idnani takes about two steps per support constraint, at most d·K of them. */
const DEFAULT_STEPS_PER_DIMENSION = 50;
const DEFAULT_STEPS_BASE = 1000;
/** The second look after an inexact ray: normals count as dependent only at rounding level. */
const FINE_SPAN_TOLERANCE = 1e-14;
/** Ŵ is returned only when every KKT residual (relative, see svmCertificate) is at most this. */
const CERTIFIED = 1e-9;

/**
 * The hard-margin multiclass SVM of `data`, or a proof that it has none. Throws LabError for malformed
 * data, and SvmNotCertifiedError when float64 can certify neither (the margin is too small for it).
 */
export function solveSvm(data: Dataset, opts: SvmOptions = {}): SvmOutcome {
  checkShape(data);
  const { scaled, shift } = rescaled(data);
  const conflict = findObviousConflict(scaled);
  if (conflict) return conflict;
  const constraints = new SvmConstraints(scaled);
  try {
    return attempt(data, scaled, shift, constraints, opts, undefined);
  } catch (e) {
    // A near-zero ray that is not exactly zero may hide a tiny margin: look again, taking nearly
    // dependent normals as independent; keep the first refusal if that does not end in a certificate.
    if (!(e instanceof SvmNotCertifiedError && e.reason === 'near-zero ray')) throw e;
    try {
      return attempt(data, scaled, shift, constraints, opts, FINE_SPAN_TOLERANCE);
    } catch (again) {
      if (again instanceof SvmNotCertifiedError && again.reason === 'margin too small') throw again;
      throw e;
    }
  }
}

function attempt(
  data: Dataset,
  scaled: Dataset,
  shift: number,
  constraints: SvmConstraints,
  opts: SvmOptions,
  spanTolerance: number | undefined,
): SvmOutcome {
  const maxSteps = opts.maxIterations ?? DEFAULT_STEPS_BASE + DEFAULT_STEPS_PER_DIMENSION * data.d * data.k;
  const result = solveMinNormQp(constraints, {
    tolerance: opts.tolerance ?? DEFAULT_TOLERANCE,
    maxSteps,
    warmStartEpochs: opts.warmStartEpochs,
    spanTolerance,
    onProgress: opts.onProgress,
  });
  if (result.kind === 'out of steps' || result.kind === 'numerical breakdown') {
    const what =
      result.kind === 'out of steps'
        ? `stopped after ${result.steps} active-set steps (its limit for d = ${data.d}, K = ${data.k}) without reaching the optimum`
        : `met constraints too close to dependent for float64 after ${result.steps} active-set steps`;
    throw new SvmNotCertifiedError(
      `${BELOW_FLOAT64}, or nearly so: the SVM solver ${what}; this happens when rows with different labels ` +
        `nearly coincide or nearly lie on one ray from the origin; remove or relabel one of each such pair`,
      result.kind === 'out of steps' ? 'out of steps' : 'breakdown',
    );
  }
  if (result.kind === 'infeasible')
    return rayOutcome(scaled, constraints, result.weights, (v) => scaleByPowerOfTwo(v, -shift));
  const support = result.active
    .map((c, j) => ({ i: Math.floor(c / data.k), k: c % data.k, alpha: result.alpha[j] }))
    .sort((a, b) => a.i - b.i || a.k - b.k);
  const certified = certify(data, scaled, constraints, result.w, support, shift);
  if (certified.solution.kkt.max > CERTIFIED) throw notCertifiedOptimum(data, certified, CERTIFIED);
  return { separable: true, solution: certified.solution };
}

/**
 * KKT residuals of W (margins: the constraints' products a_cᵀW in twice the precision) against the multipliers in `support` (constraints not listed have α = 0), each
 * relative so that it does not change when X is rescaled; margins and Σ α a are computed in twice the
 * precision. primal: max(0, 1 − margin); dual: max(0, −α)/max|α|; complementarity: max α|margin − 1|/Σ|α|;
 * stationarity: ‖W − Σ α a‖_max/‖W‖_max; gap: |½‖W‖² − (Σα − ½‖Σ α a‖²)|/(½‖W‖²).
 */
export function certificateFrom(
  data: Dataset,
  constraints: SvmConstraints,
  margins: Float64Array,
  W: Float64Array,
  support: readonly SupportConstraint[],
): KktCertificate {
  let primal = 0;
  for (const m of margins) primal = Math.max(primal, 1 - m);
  let largestAlpha = 0;
  let alphaSum = 0;
  for (const s of support) {
    largestAlpha = Math.max(largestAlpha, Math.abs(s.alpha));
    alphaSum += Math.abs(s.alpha);
  }
  let dual = 0;
  let complementarity = 0;
  const alphaTotal = new CompensatedSum();
  const hi = new Float64Array(W.length);
  const lo = new Float64Array(W.length);
  for (const s of support) {
    const c = s.i * data.k + s.k;
    dual = Math.max(dual, -s.alpha / largestAlpha);
    complementarity = Math.max(complementarity, Math.abs(s.alpha * (margins[c] - 1)) / alphaSum);
    alphaTotal.add(s.alpha);
    constraints.addScaledCompensated(hi, lo, c, s.alpha);
  }
  let stationarity = 0;
  let wMax = 0;
  const wSquared = new CompensatedSum();
  const vSquared = new CompensatedSum();
  for (let e = 0; e < W.length; e++) {
    const v = hi[e] + lo[e];
    stationarity = Math.max(stationarity, Math.abs(W[e] - hi[e] - lo[e]));
    wMax = Math.max(wMax, Math.abs(W[e]));
    wSquared.addProduct(W[e], W[e]);
    vSquared.addProduct(v, v);
  }
  stationarity = wMax > 0 ? stationarity / wMax : stationarity;
  // primal ½‖W‖², dual Σα − ½‖Σ α a‖²: the Lagrangian pair of the ½-scaled problem, which has the same Ŵ
  const gapSum = new CompensatedSum();
  gapSum.add(wSquared.hi / 2);
  gapSum.add(wSquared.lo / 2);
  gapSum.add(-alphaTotal.hi);
  gapSum.add(-alphaTotal.lo);
  gapSum.add(vSquared.hi / 2);
  gapSum.add(vSquared.lo / 2);
  const primalObjective = wSquared.value / 2;
  const gap = primalObjective > 0 ? Math.abs(gapSum.value) / primalObjective : Math.abs(gapSum.value);
  const max = Math.max(primal, dual, complementarity, stationarity, gap);
  return { primal, dual, complementarity, stationarity, gap, max };
}

/**
 * X · 2^shift with the largest |entry| in [1, 2); refuses data whose entries would lose bits doing so.
 * The max-margin solvers of every norm (max-margin-solver.ts) work on the same copy.
 */
export function rescaled(data: Dataset): { scaled: Dataset; shift: number } {
  let largest = 0;
  let smallest = Infinity;
  for (const v of data.X) {
    const a = Math.abs(v);
    largest = Math.max(largest, a);
    if (a > 0) smallest = Math.min(smallest, a);
  }
  if (largest === 0) return { scaled: data, shift: 0 };
  const shift = -binaryExponent(largest);
  const X = data.X.map((v) => scaleByPowerOfTwo(v, shift));
  for (let e = 0; e < X.length; e++) {
    if (scaleByPowerOfTwo(X[e], -shift) !== data.X[e]) {
      throw new SvmNotCertifiedError(
        `the SVM cannot certify these data in float64: their nonzero entries range from ${smallest.toPrecision(3)} ` +
          `to ${largest.toPrecision(3)} in absolute value, more than float64 holds at once (about 1e±308), so ` +
          `${BELOW_FLOAT64} once they share one scale; set entries below ${(largest * 2 ** -1000).toPrecision(3)} to 0 ` +
          `or scale those rows separately`,
        'range',
      );
    }
  }
  return { scaled: { ...data, X }, shift };
}

/**
 * The certified solution in the units of the data as given: W = 2^shift · W', α = 4^shift · α' (kept in
 * the rescaled units, with alphaExponent, when that overflows or underflows), margins recomputed on X.
 */
function certify(
  data: Dataset,
  scaled: Dataset,
  constraints: SvmConstraints,
  wScaled: Float64Array,
  supportScaled: readonly SupportConstraint[],
  shift: number,
): Certified {
  const scaledMargins = new Float64Array(constraints.count);
  constraints.accurateProducts(wScaled, scaledMargins);
  const kktScaled = certificateFrom(scaled, constraints, scaledMargins, wScaled, supportScaled);
  const W = wScaled.map((v) => scaleByPowerOfTwo(v, shift));
  if (!W.every(Number.isFinite)) {
    throw new SvmNotCertifiedError(
      `the SVM cannot answer in float64 for these data: Ŵ's entries would exceed float64's range (about 1.8e308), ` +
        `as the data's entries (largest ${data.X.reduce((m, v) => Math.max(m, Math.abs(v)), 0).toPrecision(3)}) are too ` +
        `small for their margin; multiply the data by a power of ten and Ŵ is divided by it`,
      'range',
    );
  }
  const margins = new Float64Array(constraints.count);
  new SvmConstraints(data).accurateProducts(W, margins);
  let minMargin = Infinity;
  let primal = kktScaled.primal;
  for (const m of margins) {
    minMargin = Math.min(minMargin, m);
    primal = Math.max(primal, 1 - m);
  }
  if (!(minMargin === minMargin)) primal = Infinity; // W overflowed
  const kkt = { ...kktScaled, primal, max: Math.max(kktScaled.max, primal) };
  const normScaled = Math.sqrt(wScaled.reduce((s, v) => s + v * v, 0));
  const alphaShift = 2 * shift;
  const representable = supportScaled.every((s) => {
    const a = scaleByPowerOfTwo(s.alpha, alphaShift);
    return Number.isFinite(a) && a >= 2 ** -1022 && scaleByPowerOfTwo(a, -alphaShift) === s.alpha;
  });
  const support = representable
    ? supportScaled.map((s) => ({ ...s, alpha: scaleByPowerOfTwo(s.alpha, alphaShift) }))
    : supportScaled;
  const solution: SvmSolution = {
    W,
    normF: scaleByPowerOfTwo(normScaled, shift),
    minMargin,
    kkt,
    support,
    alphaExponent: representable ? 0 : alphaShift,
  };
  return {
    solution,
    relativeMargin: 1 / ((normScaled * constraints.largestNorm()) / Math.SQRT2),
    scaledSupport: supportScaled,
  };
}
