// The max-margin solution in every norm an optimizer can be implicitly biased toward, with a duality
// certificate: γ_p = max over ‖W‖_p ≤ 1 of min_{i, c≠y_i} (w_{y_i} − w_c)ᵀ x_i. Gradient descent turns toward
// the Frobenius one (Ravi, Scott, Soudry, Wang, arXiv 2411.01350); steepest descent in a norm toward that
// norm's (Gunasekar, Lee, Soudry, Srebro, arXiv 1802.08246); sign descent and Adam toward the max-norm one
// (Zhang, Zou, Cao, arXiv 2406.10650; Fan, Schmidt, Thrampoulidis, arXiv 2502.04664), spectral descent and
// Muon toward the spectral one (Fan et al.).
//   fro: the exact QP of svm-solver.ts; max, l1: LPs (max-margin/lp.ts); spectral, nuclear: SDPs (max-margin/sdp.ts).
import {
  accurateMinPairMargin,
  marginCertificate,
  matrixNorm,
  normReferencesSkipped,
  type MarginCertificate,
} from './matrix-norms.ts';
import { scaleByPowerOfTwo } from '../linalg/compensated.ts';
import { rescaled, solveSvm } from '../svm/svm-solver.ts';
import { BELOW_FLOAT64, SvmNotCertifiedError, short } from '../svm/svm-verdicts.ts';
import { solveMarginLp } from './lp.ts';
import { solveMarginSdp } from './sdp.ts';
import type { PrepareProgress } from '../engine/experiment-preparation.ts';
import {
  LabError,
  NORM_NAMES,
  type Dataset,
  type NormName,
  type NormReferences,
  type PerNorm,
  type Problem,
  type RunSpec,
  type SvmSolution,
} from '../types.ts';

export { configureHighs } from './highs.ts';
export { NORM_REFERENCE_LIMIT, normReferencesSkipped } from './matrix-norms.ts';

/** What maxMargin needs: the training data, and the Frobenius SVM when it is already known. */
interface MarginProblem {
  readonly train: Dataset;
  readonly svm?: SvmSolution;
}

export interface MaxMarginSolution {
  readonly norm: NormName;
  /** d×K row-major, normalised to ‖W‖_p = 1 */
  readonly W: Float64Array;
  /** m(W) of the normalised W: the margin attained, γ_p to within the certificate's gap */
  readonly gamma: number;
  /** m(W), equal to gamma (kept under the SVM command's name) */
  readonly minMargin: number;
  readonly certificate: MarginCertificate;
  /** dual weights λ ≥ 0 on the pair constraints, indexed i·K + c, summing to 1 */
  readonly lambda: Float64Array;
}

/**
 * The Frobenius SVM of the data rescaled by 2^shift (svm-solver.ts's rescaled copy), Ŵ(2^shift X) = 2^-shift Ŵ(X):
 * the given one mapped exactly, or solved here when not given (or when Ŵ has subnormal entries, which have
 * lost bits). Non-separable data are a user error.
 */
function scaledSvm(problem: MarginProblem, scaled: Dataset, shift: number): SvmSolution {
  const given = problem.svm;
  if (given && given.W.every((v) => v === 0 || Math.abs(v) >= SMALLEST_NORMAL)) {
    return { ...given, W: given.W.map((v) => scaleByPowerOfTwo(v, -shift)) };
  }
  const outcome = solveSvm(scaled);
  if (!outcome.separable) throw new LabError(outcome.message, 'data');
  return outcome.solution;
}

const SMALLEST_NORMAL = 2 ** -1022;

/**
 * The p-norm max-margin solution with its certificate (relative duality gap ≤ 1e-9 for fro, max, l1; ≤ 1e-7
 * for spectral, nuclear, when the solver reaches its target: certifiedMaxMargin refuses otherwise).
 * Margins are linear in X, so γ_p(sX) = s·γ_p(X) with the same W: every norm is solved on the SVM's copy of
 * X rescaled by a power of two (largest |entry| in [1, 2), exact), whatever the data's own scale, and γ_p
 * and the certificate's bounds are mapped back exactly. Their certificate sums margins and Σ λ A in twice
 * float64's precision.
 */
export async function maxMargin(problem: MarginProblem, norm: NormName): Promise<MaxMarginSolution> {
  const { scaled, shift } = rescaled(problem.train);
  const svm = scaledSvm(problem, scaled, shift);
  const { W, lambda } = await solveNorm(scaled, svm, norm);
  const scale = matrixNorm(W, scaled.d, scaled.k, norm);
  const unit = W.map((v) => v / scale);
  let total = 0;
  for (const l of lambda) if (l > 0) total += l;
  const weights = lambda.map((l) => (l > 0 ? l / total : 0));
  const certificate = marginCertificate(scaled, unit, weights, norm, true);
  const gamma = inDataUnits(accurateMinPairMargin(unit, scaled), shift, norm);
  return {
    norm,
    W: unit,
    gamma,
    minMargin: gamma,
    lambda: weights,
    certificate: {
      ...certificate,
      primal: inDataUnits(certificate.primal, shift, norm),
      dual: inDataUnits(certificate.dual, shift, norm),
    },
  };
}

/** W (any p-norm) and λ on the rescaled data: the solver of each norm. */
async function solveNorm(
  data: Dataset,
  svm: SvmSolution,
  norm: NormName,
): Promise<{ W: Float64Array; lambda: Float64Array }> {
  if (norm === 'max' || norm === 'l1') return solveMarginLp(data, norm, svm.W);
  if (norm === 'spectral' || norm === 'nuclear') return solveMarginSdp(data, norm, svm.W);
  const lambda = new Float64Array(data.n * data.k);
  for (const s of svm.support) lambda[s.i * data.k + s.k] = s.alpha;
  return { W: svm.W, lambda };
}

/** A margin of the rescaled data in the data's units (exact); refused where float64 cannot hold it. */
function inDataUnits(value: number, shift: number, norm: NormName): number {
  const v = scaleByPowerOfTwo(value, -shift);
  if (!(value > 0) || (Number.isFinite(v) && v >= SMALLEST_NORMAL)) return v;
  throw new SvmNotCertifiedError(
    `the ${norm}-norm max margin of these data is about ${decimal(value, -shift)}, ${v < SMALLEST_NORMAL ? 'below' : 'beyond'} ` +
      `the range float64 holds in full (about 2.2e-308 to 1.8e308); multiply the data by a power of ten and γ_p is multiplied by it`,
    'range',
  );
}

/** value · 2^e in decimal, three digits, for values float64 cannot hold */
function decimal(value: number, e: number): string {
  const x = Math.log10(value) + e * Math.log10(2);
  const exponent = Math.floor(x);
  return `${(10 ** (x - exponent)).toFixed(2)}e${exponent}`;
}

/**
 * maxMargin's answer when its certificate meets GAP_TARGET; otherwise the refusal, with the gap reached and
 * the data's relative margin (for `svm --norm`: an answer is printed only with its certificate).
 */
export async function certifiedMaxMargin(problem: MarginProblem, norm: NormName): Promise<MaxMarginSolution> {
  const s = await maxMargin(problem, norm);
  const { gap, primal, dual } = s.certificate;
  if (gap <= GAP_TARGET[norm] && s.gamma > 0) return s;
  const { scaled, shift } = rescaled(problem.train);
  const relative = relativeMargin(scaledSvm(problem, scaled, shift), scaled);
  const rounding = 2.2e-16 / relative;
  const why =
    rounding > GAP_TARGET[norm] / 10
      ? `${BELOW_FLOAT64}: the largest (Frobenius) margin of these data is about ${short(relative)} of their scale, and at that size ` +
        `float64 rounding alone (2.2e-16 ÷ ${short(relative)} ≈ ${short(rounding)}) is comparable to the certificate's target`
      : `the ${norm}-norm solver did not reach its target on these data (their largest Frobenius margin is ${short(relative)} of their scale)`;
  throw new SvmNotCertifiedError(
    `${why}; the best ${norm}-norm W found has margin ${short(s.gamma)} and a certificate gap of ${short(gap)} ` +
      `(${short(primal)} ≤ γ_${norm} ≤ ${short(dual)}), above the ${GAP_TARGET[norm]} an answer needs (N = ${scaled.n}, d = ${scaled.d}, K = ${scaled.k})`,
    'margin too small',
  );
}

/** 1/(‖Ŵ‖_F · max_i ‖x_i‖): the Frobenius margin relative to the data's scale, as svm-solver.ts reports it. */
function relativeMargin(svm: SvmSolution, data: Dataset): number {
  let largest = 0;
  for (let i = 0; i < data.n; i++) {
    let s = 0;
    for (let j = 0; j < data.d; j++) s += data.X[i * data.d + j] ** 2;
    largest = Math.max(largest, s);
  }
  return 1 / (matrixNorm(svm.W, data.d, data.k, 'fro') * Math.sqrt(largest));
}

/** The relative duality gap each norm's answer is held to. */
const GAP_TARGET: PerNorm<number> = { fro: 1e-9, max: 1e-9, l1: 1e-9, spectral: 1e-7, nuclear: 1e-7 };

/**
 * Each norm's share of the time to solve all five (measured at N = 1000, d = 100, K = 10: 0.5, 6, 6.6, 17
 * and 16 s); preparation's progress bar advances by these.
 */
const NORM_COST_SHARE: PerNorm<number> = { fro: 0.01, max: 0.13, l1: 0.14, spectral: 0.37, nuclear: 0.35 };

/** γ_p for every norm, with each certificate's gap: computed once per data set, before a run starts. */
export async function normReferences(
  problem: MarginProblem,
  onNorm?: (norm: NormName) => void,
): Promise<NormReferences> {
  const gamma: Partial<Record<NormName, number>> = {};
  const gap: Partial<Record<NormName, number>> = {};
  for (const norm of NORM_NAMES) {
    onNorm?.(norm);
    // a γ_p whose certificate misses its target is not used (NaN, so ρ_p is null) rather than trusted, and
    // neither is one float64 cannot certify or hold: the runs go on without that ρ_p
    const s = await maxMargin(problem, norm).catch((e: unknown) => {
      if (e instanceof SvmNotCertifiedError) return undefined;
      throw e;
    });
    gamma[norm] = s && s.certificate.gap <= GAP_TARGET[norm] ? s.gamma : NaN;
    gap[norm] = s ? s.certificate.gap : NaN;
  }
  return { gamma: gamma as PerNorm<number>, gap: gap as PerNorm<number> };
}

/**
 * The runs with every distinct problem given its norm references (solved once per problem, in order), so
 * that the driver can report ρ_p at each checkpoint. Problems that already have them, and problems above
 * the size limit, are kept as they are. `onProgress` hears which norm of which data set is being solved,
 * with the fraction of the estimated work done (the page's preparation worker and the CLI's stderr show it).
 */
export async function withNormReferences(
  runs: readonly RunSpec[],
  onProgress?: (progress: PrepareProgress) => void,
): Promise<RunSpec[]> {
  const pending = [...new Set(runs.map((r) => r.problem))].filter((p) => !p.norms && !normReferencesSkipped(p.train));
  const solved = new Map<Problem, Problem>();
  for (const [index, problem] of pending.entries()) {
    const label = pending.length > 1 ? ` of data set ${index + 1}/${pending.length}` : '';
    let before = 0;
    const norms = await normReferences(problem, (norm) => {
      onProgress?.({
        fraction: (index + before) / pending.length,
        stage: `max-margin solution in the ${norm} norm${label}`,
      });
      before += NORM_COST_SHARE[norm];
    });
    solved.set(problem, { ...problem, norms });
  }
  onProgress?.({ fraction: 1, stage: 'margins in every norm solved' });
  return runs.map((run) => {
    const problem = solved.get(run.problem);
    return problem ? { ...run, problem } : { ...run };
  });
}
